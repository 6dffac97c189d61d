import type { Actor } from '../actor';
import { followUpDue, recordFollowUp, recordMediation, type Mediation, type MediationContext, type RecordMediation } from './mediation';

const places = {
  towns: [{ id: 'laifeng' }, { id: 'zhengxing' }],
  villages: [
    { id: 'dengfeng', townId: 'laifeng' },
    { id: 'sanxing', townId: 'laifeng' },
    { id: 'shilong', townId: 'zhengxing' },
  ],
  courtyards: [
    { id: 'dengfeng-yard-07', villageId: 'dengfeng' },
    { id: 'sanxing-yard-01', villageId: 'sanxing' },
  ],
};

const secretary: Actor = { id: 'dengfeng-secretary', role: 'village-secretary', townId: 'laifeng', villageId: 'dengfeng' };
const now = '2026-12-04T06:00:00.000Z'; // 14:00 on 4 December in Shanghai

const ctx = (extra: Partial<MediationContext> = {}): MediationContext => ({
  now,
  places,
  isOfficial: (id) => id === 'laifeng-leader-1',
  ...extra,
});

const command = (extra: Partial<RecordMediation> = {}): RecordMediation => ({
  mediationId: 'med-1',
  actor: secretary,
  place: { townId: 'laifeng', villageId: 'dengfeng', courtyardId: 'dengfeng-yard-07', description: '7组白果树下' },
  subject: '两户之间宅基地边界的排水沟',
  parties: [{ name: '张大爷' }, { name: '李阿姨', residentId: 'resident-dengfeng-2' }],
  mediator: { kind: 'courtyardMediator', name: '王调解员' },
  mediatedOn: '2026-12-03',
  method: 'faceToFace',
  outcome: 'agreed',
  agreement: '排水沟由两户共同疏通,费用各半',
  followUpOn: '2027-01-03',
  ...extra,
});

const refused = (decision: ReturnType<typeof recordMediation>) => (decision.ok ? null : { code: decision.code, field: decision.field });

describe('recording a mediation', () => {
  it('keeps parties, mediator, day, place, method, outcome, agreement and follow-up date, trimmed', () => {
    const decision = recordMediation(command({ subject: '  排水沟  ' }), ctx());
    expect(decision).toEqual({
      ok: true,
      mediation: {
        id: 'med-1',
        place: { townId: 'laifeng', villageId: 'dengfeng', courtyardId: 'dengfeng-yard-07', description: '7组白果树下' },
        subject: '排水沟',
        parties: [{ name: '张大爷' }, { name: '李阿姨', residentId: 'resident-dengfeng-2' }],
        mediator: { kind: 'courtyardMediator', name: '王调解员' },
        mediatedOn: '2026-12-03',
        method: 'faceToFace',
        outcome: 'agreed',
        agreement: '排水沟由两户共同疏通,费用各半',
        followUpOn: '2027-01-03',
        recordedBy: { id: 'dengfeng-secretary', role: 'village-secretary' },
        recordedAt: now,
      },
    });
  });

  it('is kept by the village secretary in their village, town leadership in their town, admins anywhere', () => {
    expect(recordMediation(command(), ctx()).ok).toBe(true);
    expect(recordMediation(command({ actor: { id: 'l', role: 'town-leader', townId: 'laifeng' } }), ctx()).ok).toBe(true);
    expect(recordMediation(command({ actor: { id: 'admin', role: 'admin' } }), ctx()).ok).toBe(true);
    const other = { ...secretary, id: 'sanxing-secretary', villageId: 'sanxing' };
    expect(refused(recordMediation(command({ actor: other }), ctx()))).toEqual({ code: 'forbidden', field: undefined });
    expect(refused(recordMediation(command({ actor: { id: 'l', role: 'town-leader', townId: 'zhengxing' } }), ctx()))?.code).toBe('forbidden');
    expect(refused(recordMediation(command({ actor: { id: 'h', role: 'department-handler', departmentId: 'justice' } }), ctx()))?.code).toBe(
      'forbidden',
    );
  });

  it('refuses places that are not in the organisation or do not fit together', () => {
    expect(refused(recordMediation(command({ place: { townId: 'zhengxing', villageId: 'dengfeng' } }), ctx()))).toEqual({
      code: 'invalid',
      field: 'place.villageId',
    });
    expect(
      refused(recordMediation(command({ place: { townId: 'laifeng', villageId: 'dengfeng', courtyardId: 'sanxing-yard-01' } }), ctx())),
    ).toEqual({ code: 'invalid', field: 'place.courtyardId' });
  });

  it('needs two distinct named parties and a named mediator; an official is a person of the organisation', () => {
    expect(refused(recordMediation(command({ parties: [{ name: '张大爷' }] }), ctx()))).toEqual({ code: 'invalid', field: 'parties' });
    expect(refused(recordMediation(command({ parties: [{ name: '张大爷' }, { name: ' 张大爷 ' }] }), ctx()))?.field).toBe('parties');
    expect(refused(recordMediation(command({ mediator: { kind: 'courtyardMediator', name: ' ' } }), ctx()))?.field).toBe('mediator.name');
    expect(refused(recordMediation(command({ mediator: { kind: 'official', name: '刘书记' } }), ctx()))?.field).toBe('mediator.personId');
    expect(refused(recordMediation(command({ mediator: { kind: 'official', name: '刘书记', personId: 'nobody' } }), ctx()))?.field).toBe(
      'mediator.personId',
    );
    expect(recordMediation(command({ mediator: { kind: 'official', name: '刘书记', personId: 'laifeng-leader-1' } }), ctx()).ok).toBe(true);
  });

  it('an agreement has its text and a later follow-up date; a failed mediation has neither', () => {
    expect(refused(recordMediation(command({ agreement: ' ' }), ctx()))?.field).toBe('agreement');
    expect(refused(recordMediation(command({ followUpOn: undefined }), ctx()))?.field).toBe('followUpOn');
    expect(refused(recordMediation(command({ followUpOn: '2026-12-03' }), ctx()))?.field).toBe('followUpOn');
    expect(refused(recordMediation(command({ outcome: 'partial', agreement: undefined }), ctx()))?.field).toBe('agreement');
    expect(refused(recordMediation(command({ outcome: 'failed' }), ctx()))?.field).toBe('agreement');
    expect(refused(recordMediation(command({ outcome: 'failed', agreement: undefined }), ctx()))?.field).toBe('followUpOn');
    expect(recordMediation(command({ outcome: 'failed', agreement: undefined, followUpOn: undefined }), ctx()).ok).toBe(true);
  });

  it('names each refused field’s rule as a code with its figures, for a form in another language', () => {
    const rule = (decision: ReturnType<typeof recordMediation>) => (decision.ok ? null : { field: decision.field, ...decision.fieldProblem });
    expect(rule(recordMediation(command({ parties: [{ name: '张大爷' }] }), ctx()))).toEqual({ field: 'parties', rule: 'too-few', params: { minimum: 2 } });
    expect(rule(recordMediation(command({ parties: [{ name: '张大爷' }, { name: ' 张大爷 ' }] }), ctx()))).toEqual({ field: 'parties', rule: 'duplicate' });
    expect(rule(recordMediation(command({ mediator: { kind: 'courtyardMediator', name: ' ' } }), ctx()))).toEqual({ field: 'mediator.name', rule: 'required' });
    expect(rule(recordMediation(command({ mediator: { kind: 'official', name: '刘书记', personId: 'nobody' } }), ctx()))).toEqual({
      field: 'mediator.personId',
      rule: 'unknown',
      params: { value: 'nobody' },
    });
    expect(rule(recordMediation(command({ followUpOn: '2026-12-03' }), ctx()))).toEqual({
      field: 'followUpOn',
      rule: 'not-after',
      params: { value: '2026-12-03', after: '2026-12-03' },
    });
    expect(rule(recordMediation(command({ outcome: 'failed' }), ctx()))).toEqual({ field: 'agreement', rule: 'not-when-failed' });
    expect(rule(recordMediation(command({ mediatedOn: '2026-02-30' }), ctx()))).toEqual({ field: 'mediatedOn', rule: 'not-a-date', params: { value: '2026-02-30' } });
    expect(rule(recordMediation(command({ mediatedOn: '2026-12-05', followUpOn: '2027-01-05' }), ctx()))).toEqual({
      field: 'mediatedOn',
      rule: 'in-future',
      params: { value: '2026-12-05' },
    });
  });

  it('refuses a day that is not a date or lies ahead in Shanghai', () => {
    expect(refused(recordMediation(command({ mediatedOn: '2026-02-30' }), ctx()))?.field).toBe('mediatedOn');
    // 4 December in Shanghai: the 5th is tomorrow there.
    expect(refused(recordMediation(command({ mediatedOn: '2026-12-05', followUpOn: '2027-01-05' }), ctx()))?.field).toBe('mediatedOn');
    expect(recordMediation(command({ mediatedOn: '2026-12-04' }), ctx()).ok).toBe(true);
  });

  describe('at a meeting, linked to its case', () => {
    const meeting = {
      id: 'meeting-1',
      place: { townId: 'laifeng', villageId: 'dengfeng' },
      scheduledAt: '2026-12-02T01:00:00.000Z',
      openedAt: '2026-12-02T01:00:00.000Z',
      closedAt: '2026-12-02T04:00:00.000Z',
    };
    const atMeeting = (extra: Partial<RecordMediation> = {}) =>
      command({ method: 'atMeeting', meetingId: 'meeting-1', mediatedOn: '2026-12-02', ...extra });

    it('names the meeting it was held at, in its village, on its day', () => {
      expect(recordMediation(atMeeting(), ctx({ meeting })).ok).toBe(true);
      expect(refused(recordMediation(atMeeting({ meetingId: undefined }), ctx()))?.field).toBe('meetingId');
      expect(refused(recordMediation(atMeeting({ method: 'faceToFace' }), ctx({ meeting })))?.field).toBe('method');
      expect(refused(recordMediation(atMeeting(), ctx({ meeting: null })))?.field).toBe('meetingId');
      expect(refused(recordMediation(atMeeting({ mediatedOn: '2026-12-03' }), ctx({ meeting })))?.field).toBe('mediatedOn');
      const elsewhere = { ...meeting, place: { townId: 'laifeng', villageId: 'sanxing' } };
      expect(refused(recordMediation(atMeeting(), ctx({ meeting: elsewhere })))?.field).toBe('meetingId');
    });

    it('is linked to a case of the same village, mediated at the meeting or later', () => {
      const linkedCase = { id: 'case-1', townId: 'laifeng', villageId: 'dengfeng', raisedAt: '2026-12-02T02:00:00.000Z' };
      expect(recordMediation(atMeeting({ caseId: 'case-1' }), ctx({ meeting, linkedCase })).ok).toBe(true);
      expect(recordMediation(command({ caseId: 'case-1' }), ctx({ linkedCase })).ok).toBe(true);
      expect(refused(recordMediation(command({ caseId: 'case-1' }), ctx({ linkedCase: null })))?.field).toBe('caseId');
      expect(refused(recordMediation(command({ caseId: 'case-1' }), ctx({ linkedCase: { ...linkedCase, villageId: 'sanxing' } })))?.field).toBe(
        'caseId',
      );
      const later = { ...linkedCase, raisedAt: '2026-12-03T17:00:00.000Z' }; // the 4th in Shanghai
      expect(refused(recordMediation(command({ caseId: 'case-1' }), ctx({ linkedCase: later })))?.field).toBe('mediatedOn');
    });
  });
});

describe('following up an agreement', () => {
  const recorded = (extra: Partial<RecordMediation> = {}): Mediation => {
    const decision = recordMediation(command(extra), ctx());
    if (!decision.ok) throw new Error(decision.reason);
    return decision.mediation;
  };

  it('records once whether the agreement held', () => {
    const followed = recordFollowUp(recorded(), { actor: secretary, checkedOn: '2026-12-04', held: true, note: ' 已疏通 ' }, { now });
    expect(followed.ok && followed.mediation.followUp).toEqual({
      checkedOn: '2026-12-04',
      held: true,
      note: '已疏通',
      checkedBy: 'dengfeng-secretary',
      recordedAt: now,
    });
    if (!followed.ok) return;
    expect(recordFollowUp(followed.mediation, { actor: secretary, checkedOn: '2026-12-04', held: false }, { now })).toMatchObject({
      ok: false,
      code: 'wrong-state',
    });
  });

  it('has nothing to follow up after a failed mediation, and refuses days before it or ahead', () => {
    const failed = recorded({ outcome: 'failed', agreement: undefined, followUpOn: undefined });
    expect(recordFollowUp(failed, { actor: secretary, checkedOn: '2026-12-04', held: true }, { now })).toMatchObject({ code: 'wrong-state' });
    expect(recordFollowUp(recorded(), { actor: secretary, checkedOn: '2026-12-02', held: true }, { now })).toMatchObject({ field: 'checkedOn' });
    expect(recordFollowUp(recorded(), { actor: secretary, checkedOn: '2026-12-05', held: true }, { now })).toMatchObject({ field: 'checkedOn' });
    const other = { ...secretary, id: 'sanxing-secretary', villageId: 'sanxing' };
    expect(recordFollowUp(recorded(), { actor: other, checkedOn: '2026-12-04', held: true }, { now })).toMatchObject({ code: 'forbidden' });
  });

  it('is due from its date until recorded', () => {
    const mediation = recorded();
    expect(followUpDue(mediation, now)).toBe(false);
    expect(followUpDue(mediation, '2027-01-02T16:00:00.000Z')).toBe(true);
    expect(followUpDue(recorded({ outcome: 'failed', agreement: undefined, followUpOn: undefined }), '2027-06-01T00:00:00Z')).toBe(false);
  });
});
