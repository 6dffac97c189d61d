import type { Actor } from '../actor';
import { type DutyMeeting, type DutyOrganisation, dutyCoverage, meetingDuties, residentGroupNumbers } from './duty-tracker';
import { checkVisits, keyHouseholdCoverage, registerKeyHousehold, retireKeyHousehold, type KeyHousehold } from './key-households';
import { currentMeetingDutyPolicy, dutyPeriodAt, dutyPeriodOf, findMeetingDutyPolicy } from './meeting-duty-policy';

const org: DutyOrganisation = {
  districtLeaders: [{ id: 'dl-1', linkedTownIds: ['laifeng', 'zhengxing'] }],
  towns: [
    { id: 'laifeng', leaderIds: ['laifeng-head', 'laifeng-deputy'] },
    { id: 'zhengxing', leaderIds: ['zhengxing-head'] },
  ],
  villages: [
    { id: 'dengfeng', townId: 'laifeng', secretaryId: 'dengfeng-secretary' },
    { id: 'shilong', townId: 'zhengxing', secretaryId: 'shilong-secretary' },
  ],
  courtyards: [
    { id: 'dengfeng-yard-01', villageId: 'dengfeng', group: 1 },
    { id: 'dengfeng-yard-02', villageId: 'dengfeng', group: 2 },
    { id: 'dengfeng-yard-03', villageId: 'dengfeng', group: 2 },
    { id: 'shilong-yard-01', villageId: 'shilong', group: 1 },
  ],
};
const policy = currentMeetingDutyPolicy();

const meeting = (id: string, fields: Partial<DutyMeeting>): DutyMeeting => ({
  id,
  level: 'village',
  convenerId: 'dengfeng-secretary',
  townId: 'laifeng',
  villageId: 'dengfeng',
  courtyardId: 'dengfeng-yard-01',
  closedAt: '2026-08-01T02:00:00.000Z',
  ...fields,
});

const byId = (duties: ReturnType<typeof meetingDuties>) => new Map(duties.map((d) => [d.id, d]));

describe('the duty periods (Shanghai calendar)', () => {
  it('cuts years and half-years, 00:00 on 1 July in Shanghai already being the second half', () => {
    expect(dutyPeriodOf('2026-H2')).toEqual({ key: '2026-H2', kind: 'halfYear', from: '2026-07-01', to: '2027-01-01' });
    expect(dutyPeriodOf('2026')).toEqual({ key: '2026', kind: 'year', from: '2026-01-01', to: '2027-01-01' });
    expect(dutyPeriodAt('halfYear', '2026-06-30T16:00:00.000Z').key).toBe('2026-H2');
    expect(dutyPeriodAt('halfYear', '2026-06-30T15:59:59.999Z').key).toBe('2026-H1');
    expect(() => dutyPeriodOf('2026-H3')).toThrow(RangeError);
    expect(findMeetingDutyPolicy('2026.1')).toBe(policy);
  });
});

describe('meeting duties (policy 2026.1)', () => {
  it('gives every district leader two meetings a year in each linked town, counting only their own district meetings there', () => {
    const duties = byId(
      meetingDuties(
        org,
        [
          meeting('d1', { level: 'district', convenerId: 'dl-1', villageId: null, courtyardId: null, closedAt: '2026-03-01T02:00:00.000Z' }),
          meeting('d2', { level: 'district', convenerId: 'dl-1', villageId: null, courtyardId: null }),
          // Another town, someone else, or last year: not this duty.
          meeting('d3', { level: 'district', convenerId: 'dl-1', townId: 'zhengxing', villageId: null, courtyardId: null }),
          meeting('d4', { level: 'district', convenerId: 'dl-2', villageId: null, courtyardId: null }),
          meeting('d5', { level: 'district', convenerId: 'dl-1', villageId: null, courtyardId: null, closedAt: '2025-12-31T15:59:00.000Z' }),
          // Still open: not held yet.
          meeting('d6', { level: 'district', convenerId: 'dl-1', villageId: null, courtyardId: null, closedAt: null }),
        ],
        policy,
        '2026-H2',
        '2026-12-04T06:00:00.000Z',
      ),
    );
    expect(duties.get('districtLeaderTowns:dl-1:laifeng:2026')).toMatchObject({
      level: 'district',
      holderIds: ['dl-1'],
      required: 2,
      held: 2,
      meetingIds: ['d1', 'd2'],
      status: 'done',
      remind: false,
      dueAt: '2026-12-31T16:00:00.000Z',
    });
    expect(duties.get('districtLeaderTowns:dl-1:zhengxing:2026')).toMatchObject({ held: 1, status: 'due', remind: true });
  });

  it('gives the town leadership each village and the secretary each residents’ group, once a half-year', () => {
    const duties = byId(
      meetingDuties(
        org,
        [
          meeting('t1', { level: 'town', convenerId: 'laifeng-deputy', courtyardId: null }),
          meeting('v1', {}),
          // Group 2 is two courtyards; a meeting at either counts. H1's meeting does not count in H2.
          meeting('v2', { courtyardId: 'dengfeng-yard-01', closedAt: '2026-05-01T02:00:00.000Z' }),
          // A meeting without a courtyard names no group.
          meeting('v3', { courtyardId: null }),
        ],
        policy,
        '2026-H2',
        '2026-09-01T00:00:00.000Z',
      ),
    );
    expect(duties.get('townLeadershipVillages:dengfeng:2026-H2')).toMatchObject({
      holderIds: ['laifeng-head', 'laifeng-deputy'],
      unit: { kind: 'village', townId: 'laifeng', villageId: 'dengfeng' },
      status: 'done',
      meetingIds: ['t1'],
    });
    expect(duties.get('townLeadershipVillages:shilong:2026-H2')).toMatchObject({ status: 'due', remind: false });
    expect(duties.get('secretaryResidentGroups:dengfeng:1:2026-H2')).toMatchObject({ status: 'done', meetingIds: ['v1'] });
    expect(duties.get('secretaryResidentGroups:dengfeng:2:2026-H2')).toMatchObject({
      unit: { kind: 'residentGroup', townId: 'laifeng', villageId: 'dengfeng', group: 2 },
      status: 'due',
      held: 0,
    });
    expect(residentGroupNumbers(org, 'dengfeng')).toEqual([1, 2]);
  });

  it('is overdue once its period ended short, reminded within 30 days of its end', () => {
    const at = (now: string) =>
      byId(meetingDuties(org, [], policy, '2026-H1', now)).get('secretaryResidentGroups:shilong:1:2026-H1');
    expect(at('2026-05-31T15:59:00.000Z')).toMatchObject({ status: 'due', remind: false });
    expect(at('2026-05-31T16:00:00.000Z')).toMatchObject({ status: 'due', remind: true });
    expect(at('2026-06-30T16:00:00.000Z')).toMatchObject({ status: 'overdue', remind: true });
  });

  it('covers meetings held ÷ due by level and by town, each duty counting no more than it requires', () => {
    const duties = meetingDuties(
      org,
      [meeting('v1', {}), meeting('v1b', {}), meeting('t1', { level: 'town', convenerId: 'zhengxing-head', townId: 'zhengxing', villageId: 'shilong', courtyardId: null })],
      policy,
      '2026-H2',
      '2027-01-02T00:00:00.000Z',
    );
    const coverage = dutyCoverage(duties);
    expect(coverage.byLevel.find((r) => r.key === 'village')).toEqual({ key: 'village', duties: 3, done: 1, overdue: 2, held: 1, required: 3 });
    expect(coverage.byLevel.find((r) => r.key === 'town')).toMatchObject({ duties: 2, done: 1, held: 1, required: 2 });
    expect(coverage.byLevel.find((r) => r.key === 'district')).toMatchObject({ duties: 2, done: 0, held: 0, required: 4 });
    expect(coverage.byTown.map((r) => [r.key, r.held, r.required])).toEqual([
      ['laifeng', 1, 5],
      ['zhengxing', 1, 4],
    ]);
    expect(coverage.total).toMatchObject({ duties: 7, held: 2, required: 9 });
  });
});

describe('key households (四必到四必访)', () => {
  const secretary: Actor = { id: 'dengfeng-secretary', role: 'village-secretary', townId: 'laifeng', villageId: 'dengfeng' };
  const places = {
    towns: [{ id: 'laifeng' }],
    villages: [{ id: 'dengfeng', townId: 'laifeng' }, { id: 'sanxing', townId: 'laifeng' }],
    courtyards: [{ id: 'dengfeng-yard-01', villageId: 'dengfeng' }, { id: 'sanxing-yard-01', villageId: 'sanxing' }],
  };
  const now = '2026-12-04T06:00:00.000Z';
  const register = (id: string, extra: object = {}) => {
    const decision = registerKeyHousehold(
      { householdId: id, actor: secretary, place: { townId: 'laifeng', villageId: 'dengfeng', courtyardId: 'dengfeng-yard-01' }, name: '陈婆婆', kinds: ['elderlyAlone', 'subsistenceAllowance'], ...extra },
      { now, places },
    );
    if (!decision.ok) throw new Error(decision.reason);
    return decision.household;
  };

  it('registers a household of a courtyard by its kinds, in the village secretary’s own village only', () => {
    expect(register('h1')).toMatchObject({ kinds: ['subsistenceAllowance', 'elderlyAlone'], courtyardId: 'dengfeng-yard-01', registeredAt: now });
    const elsewhere = registerKeyHousehold(
      { householdId: 'h2', actor: secretary, place: { townId: 'laifeng', villageId: 'sanxing', courtyardId: 'sanxing-yard-01' }, name: '李', kinds: ['petitioner'] },
      { now, places },
    );
    expect(elsewhere).toMatchObject({ ok: false, code: 'forbidden' });
    expect(registerKeyHousehold({ householdId: 'h3', actor: secretary, place: { townId: 'laifeng', villageId: 'dengfeng', courtyardId: 'dengfeng-yard-01' }, name: '李', kinds: [] }, { now, places })).toMatchObject({
      field: 'kinds',
      fieldProblem: { rule: 'required' },
    });
    expect(registerKeyHousehold({ householdId: 'h3', actor: secretary, place: { townId: 'laifeng', villageId: 'dengfeng', courtyardId: 'sanxing-yard-01' }, name: '李', kinds: ['petitioner'] }, { now, places })).toMatchObject({
      field: 'place.courtyardId',
      fieldProblem: { rule: 'not-in-place', params: { value: 'sanxing-yard-01', parent: 'dengfeng' } },
    });
  });

  it('records visits by the meeting’s convener, of active households of its village, within a day of its close', () => {
    const households: KeyHousehold[] = [register('h1'), { ...register('h2'), retiredAt: now }, { ...register('h3'), villageId: 'sanxing' }];
    const village = { id: 'm1', convenerId: 'dengfeng-secretary', status: 'closed' as const, closedAt: '2026-12-04T02:00:00.000Z', place: { townId: 'laifeng', villageId: 'dengfeng' } };
    expect(checkVisits(village, households, ['h1'], secretary, now)).toBeNull();
    expect(checkVisits(village, households, ['h1'], { ...secretary, id: 'someone' }, now)).toMatchObject({ code: 'forbidden' });
    expect(checkVisits(village, households, ['h2'], secretary, now)).toMatchObject({ field: 'householdIds', fieldProblem: { rule: 'unknown', params: { value: 'h2' } } });
    expect(checkVisits(village, households, ['h3'], secretary, now)).toMatchObject({ field: 'householdIds', fieldProblem: { rule: 'outside-place', params: { value: 'h3' } } });
    expect(checkVisits(village, households, ['h1', 'h1'], secretary, now)).toMatchObject({ field: 'householdIds', fieldProblem: { rule: 'duplicate' } });
    expect(checkVisits(village, households, [], secretary, now)).toMatchObject({ field: 'householdIds', fieldProblem: { rule: 'required' } });
    expect(checkVisits(village, households, ['h1'], secretary, '2026-12-05T02:00:00.000Z')).toMatchObject({ code: 'late' });
  });

  it('covers the registered households visited in the period, by kind, per village', () => {
    const households = [register('h1'), register('h2', { kinds: ['petitioner'] }), { ...register('h4'), retiredAt: now }];
    expect(keyHouseholdCoverage(households, new Set(['h1']))).toEqual([
      {
        villageId: 'dengfeng',
        townId: 'laifeng',
        registered: 2,
        visited: 1,
        byKind: {
          povertyAlleviated: { registered: 0, visited: 0 },
          petitioner: { registered: 1, visited: 0 },
          subsistenceAllowance: { registered: 1, visited: 1 },
          elderlyAlone: { registered: 1, visited: 1 },
        },
      },
    ]);
    expect(retireKeyHousehold(households[0]!, secretary, now)).toMatchObject({ ok: true, household: { retiredAt: now } });
  });
});
