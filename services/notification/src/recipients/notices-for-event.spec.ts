import { caseEventsV1, createCaseEvent, parseCaseEvent, type CaseEvent } from '@bishan/contracts';
import { bishanOrganisation } from '@bishan/db';
import { scopeAfter, type CaseScope } from './case-scope';
import { noticesFor, shanghaiTime } from './notices-for-event';

const org = bishanOrganisation();
const system = { id: 'system', role: 'system' } as const;
const at = '2026-11-27T02:00:00.000Z';
let n = 0;

function event<K extends keyof typeof caseEventsV1>(key: K, payload: Record<string, unknown>): CaseEvent {
  n += 1;
  const envelope = createCaseEvent(caseEventsV1[key], {
    eventId: `e${n}`,
    caseId: 'C-1',
    occurredAt: at,
    payload: { at, actor: system, ...payload } as never,
  });
  const parsed = parseCaseEvent(envelope);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.event;
}

const raised = () =>
  event('caseRaised', {
    actor: { id: 'dengfeng-secretary', role: 'village-secretary' },
    caseId: 'C-1',
    policyVersion: 'demo-compressed',
    category: '线路整治',
    description: '线路杂乱',
    complexity: 'simple',
    channel: 'meeting',
    location: { townId: 'laifeng', villageId: 'dengfeng' },
    reporterIds: ['resident-dengfeng-1'],
    attachmentRefs: [],
  });

describe('noticesFor', () => {
  const supervision = { level: 'supervisingDistrictLeader', leaderIds: ['leader-x'], since: at };
  let scope: CaseScope | null;
  beforeAll(() => {
    scope = scopeAfter(null, raised());
  });

  it('reminds the people of the units the workflow names, once each, with the deadline in Beijing time', () => {
    const [notice] = noticesFor(
      event('reminderSent', {
        deadlineId: 'd1',
        forDeadlineId: 'd0',
        forKind: 'handling',
        fraction: 0.5,
        forDueAt: '2026-11-27T08:30:00.000Z',
        notify: ['power-supply', 'dengfeng', 'someone'],
      }),
      scope,
      org,
    );
    const power = org.departments.find((d) => d.id === 'power-supply');
    const secretary = org.villages.find((v) => v.id === 'dengfeng')?.secretaryId;
    expect(notice).toEqual({
      kind: 'reminder',
      urgent: false,
      recipients: [...(power?.handlerIds ?? []), ...(power?.leaderIds ?? []), secretary, 'someone'],
      groups: [],
      // The case by its village and the reference residents see (登凤村-C1), the full id kept for links.
      values: { caseId: 'C-1', caseRef: '登凤村-C1', deadlineName: '办理时限', dueAt: '2026-11-27 16:30', percent: '50' },
    });
  });

  it('names a case whose village it never heard of by its reference alone', () => {
    const [notice] = noticesFor(
      event('reminderSent', { deadlineId: 'd1', forDeadlineId: 'd0', forKind: 'handling', fraction: 0.5, forDueAt: at, notify: ['someone'] }),
      { ...scope!, villageId: 'nowhere' },
      org,
    );
    expect(notice?.values).toMatchObject({ caseRef: 'C1', caseId: 'C-1' });
  });

  it("escalates urgently to the chain's leaders and posts to the town's and lead department's groups", () => {
    const claimed = event('caseClaimed', {
      leadDepartmentId: 'power-supply',
      coHandlingDepartmentIds: [],
      late: true,
      handlingDueAt: '2026-11-30T02:00:00.000Z',
      supervision,
    });
    const afterClaim = scopeAfter(scope, claimed);
    const [notice] = noticesFor(
      event('caseEscalated', {
        trigger: 'overdue',
        step: 2,
        target: 'supervisingDistrictLeader',
        targetIds: ['leader-x'],
      }),
      afterClaim,
      org,
    );
    expect(notice).toMatchObject({
      kind: 'escalated',
      urgent: true,
      recipients: ['leader-x'],
      groups: [
        { scopeKind: 'town', scopeId: 'laifeng' },
        { scopeKind: 'department', scopeId: 'power-supply' },
      ],
      values: { step: '2', reason: '办理超期' },
    });
  });

  it('asks the supervising leader to approve an extension, and the reporters for feedback and rating', () => {
    const assigned = scopeAfter(
      scope,
      event('caseAssigned', {
        level: 'village',
        unitId: 'dengfeng',
        dueAt: '2026-11-30T02:00:00.000Z',
        supervision: { ...supervision, level: 'town', leaderIds: ['laifeng-leader-1'] },
      }),
    );
    const request = event('extensionRequested', { workingDays: 2, reason: '等待材料' });
    expect(noticesFor(request, assigned, org)[0]).toMatchObject({
      kind: 'extensionRequested',
      recipients: ['laifeng-leader-1'],
    });

    const result = event('resultReported', {
      summary: '已整治',
      overdue: false,
      feedbackDueAt: '2026-12-01T02:00:00.000Z',
    });
    expect(noticesFor(result, assigned, org)[0]).toMatchObject({
      kind: 'feedbackRequested',
      recipients: ['resident-dengfeng-1'],
    });
    const feedback = event('feedbackGiven', { late: false, ratingDueAt: '2026-12-02T02:00:00.000Z' });
    expect(noticesFor(feedback, assigned, org)[0]).toMatchObject({
      kind: 'ratingRequested',
      recipients: ['resident-dengfeng-1'],
      values: { ratingDueAt: '2026-12-02 10:00' },
    });
  });

  it("assigns a village case to the village's secretary and a claim to the lead department", () => {
    const assigned = event('caseAssigned', {
      level: 'village',
      unitId: 'dengfeng',
      dueAt: '2026-11-30T02:00:00.000Z',
      supervision: { ...supervision, level: 'town' },
    });
    const secretary = org.villages.find((v) => v.id === 'dengfeng')?.secretaryId;
    expect(noticesFor(assigned, scope, org)[0]).toMatchObject({ kind: 'assigned', recipients: [secretary] });

    const claimed = event('caseClaimed', {
      leadDepartmentId: 'power-supply',
      coHandlingDepartmentIds: [],
      late: false,
      handlingDueAt: '2026-11-30T02:00:00.000Z',
      supervision,
    });
    const power = org.departments.find((d) => d.id === 'power-supply');
    expect(noticesFor(claimed, scope, org)[0]?.recipients.sort()).toEqual(
      [...(power?.handlerIds ?? []), ...(power?.leaderIds ?? [])].sort(),
    );
  });

  describe('supervision', () => {
    const leader = org.districtLeaders[0]!;
    const power = org.departments.find((d) => d.id === 'power-supply')!;
    const water = org.departments.find((d) => d.id !== 'power-supply')!;
    const peopleOf = (d: typeof power) => [...d.handlerIds, ...d.leaderIds].sort();
    let claimedScope: CaseScope | null;
    beforeAll(() => {
      claimedScope = scopeAfter(
        scope,
        event('caseClaimed', {
          leadDepartmentId: 'power-supply',
          coHandlingDepartmentIds: [],
          late: false,
          handlingDueAt: '2026-11-30T02:00:00.000Z',
          supervision: { ...supervision, leaderIds: [leader.id] },
        }),
      );
    });
    const asLeader = { id: leader.id, role: 'district-leader' };

    it("tells the handling department who urged it, with the leader's note", () => {
      const [notice] = noticesFor(
        event('caseUrged', { actor: asLeader, note: '请本周内办结', notify: ['power-supply'] }),
        claimedScope,
        org,
      );
      expect(notice).toMatchObject({
        kind: 'urged',
        urgent: false,
        values: { note: '请本周内办结', category: '线路整治' },
      });
      expect(notice?.recipients.sort()).toEqual(peopleOf(power));
      expect(notice?.values['leaderName']).toContain(leader.title);
    });

    it('sends an instruction urgently, with the time by which it must be acknowledged', () => {
      const [notice] = noticesFor(
        event('instructionIssued', {
          actor: asLeader,
          instructionId: 'i1',
          text: '请于明日现场核查',
          ackDueAt: '2026-11-28T01:00:00.000Z',
          notify: ['power-supply'],
        }),
        claimedScope,
        org,
      );
      expect(notice).toMatchObject({
        kind: 'instructed',
        urgent: true,
        values: { text: '请于明日现场核查', ackDueAt: '2026-11-28 09:00' },
      });
      expect(notice?.recipients.sort()).toEqual(peopleOf(power));
    });

    it('tells both the department that loses a reassigned case and the one that gets it', () => {
      const [notice] = noticesFor(
        event('caseReassigned', {
          actor: asLeader,
          fromDepartmentId: 'power-supply',
          toDepartmentId: water.id,
          reason: '职责调整',
          supervision: { ...supervision, leaderIds: [leader.id] },
        }),
        claimedScope,
        org,
      );
      expect(notice).toMatchObject({
        kind: 'reassigned',
        values: { departmentName: water.name, reason: '职责调整' },
      });
      expect(notice?.recipients.sort()).toEqual(
        [...new Set([...peopleOf(water), ...peopleOf(power)])].sort(),
      );
    });

    it("puts every pause and resume in the supervising leader's feed", () => {
      const paused = noticesFor(
        event('clockPaused', { reason: 'waitingForFunds', limitAt: '2026-12-10T02:00:00.000Z' }),
        claimedScope,
        org,
      );
      expect(paused).toEqual([
        expect.objectContaining({
          kind: 'clockChanged',
          recipients: [leader.id],
          values: expect.objectContaining({ change: expect.stringContaining('等待资金') }),
        }),
      ]);
      const resumed = noticesFor(
        event('clockResumed', { pausedSince: at, pausedWorkingMs: 3_600_000, automatic: true }),
        claimedScope,
        org,
      );
      expect(resumed).toEqual([
        expect.objectContaining({
          kind: 'clockChanged',
          recipients: [leader.id],
          values: expect.objectContaining({ change: '暂停期满,已自动恢复计时' }),
        }),
      ]);
    });

    it('tells the top district leaders, urgently, of a concentrated issue and its supervision deadline', () => {
      const [notice] = noticesFor(
        event('caseFlaggedConcentrated', {
          reason: '同一村30天内5起',
          supervision: {
            ...supervision,
            level: 'topDistrictLeaders',
            leaderIds: org.topDistrictLeaders.map((l) => l.id),
          },
          reviewDueAt: '2026-12-04T02:00:00.000Z',
        }),
        claimedScope,
        org,
      );
      expect(notice).toMatchObject({
        kind: 'concentratedFlagged',
        urgent: true,
        values: { reviewDueAt: '2026-12-04 10:00' },
      });
      for (const top of org.topDistrictLeaders) expect(notice?.recipients).toContain(top.id);
      for (const handler of power.handlerIds) expect(notice?.recipients).toContain(handler);
    });
  });

  it('tells nobody about a case it never saw raised, rather than guessing', () => {
    const result = event('resultReported', {
      summary: '已整治',
      overdue: false,
      feedbackDueAt: '2026-12-01T02:00:00.000Z',
    });
    expect(noticesFor(result, null, org)).toEqual([]);
  });

  it('prints instants in Beijing time', () => {
    expect(shanghaiTime('2026-11-27T16:30:00.000Z')).toBe('2026-11-28 00:30');
  });
});
