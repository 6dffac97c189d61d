import { addWorkingDays, deadlineFractionPoint } from '../calendar/working-clock';
import { toIso } from '../instant';
import { T0, actors, raiseCommand, raised, run, runTimersUntil } from '../test-support/org-fixture';
import type { CaseEvent } from './case-events';
import { type CaseState, initialState } from './case-state';
import { describeCase } from './case-view';

// Policy 2026.2: every wait has a deadline, reminders, and a chain up to the top district leaders.
// Times are worked out on the package calendar: T0 is Mon 3 Mar 2025 10:00 Shanghai, no holidays near.

const V = '2026.2';
const iso = (d: Date) => toIso(d);
const after = (from: string, workingDays: number) => iso(addWorkingDays(from, workingDays));
/** The system's own events, as [type, at, detail]. */
const timeline = (events: readonly CaseEvent[]) =>
  events
    .filter((e) => e.actor.role === 'system')
    .map((e) => {
      if (e.type === 'reminderSent') return [e.type, e.at, e.forKind, e.notify.join(',')];
      if (e.type === 'deadlineMissed') return [e.type, e.at, e.kind, e.notify.join(',')];
      if (e.type === 'caseEscalated') {
        return [e.type, e.at, `${e.trigger}#${e.step}${e.repeat ? `+${e.repeat}` : ''}`, e.targetIds.join(',')];
      }
      return [e.type, e.at];
    });

function viewOf(state: CaseState) {
  const view = describeCase(state);
  if (view.status === 'notRaised') throw new Error('not raised');
  return view;
}

const raiseInLedger = () => run(initialState, T0, raiseCommand({ policyVersion: V })).state;
const publish = () => run(raiseInLedger(), T0, { type: 'triageCase', actor: actors.laifengTriage, route: 'district' }).state;
function handling() {
  return run(
    publish(),
    T0,
    { type: 'claimCase', actor: actors.umHandler },
    { type: 'submitHandlingPlan', actor: actors.umHandler, plan: '纳入保洁合同', responsibility: { unit: '环卫二队', personName: '张伟' } },
  ).state;
}

describe('waiting for triage (in the ledger)', () => {
  it('reminds the triage committee, then climbs town leaders → linked district leader → top leaders, and repeats', () => {
    const state = raiseInLedger();
    const due = after(T0, 3);
    expect(describeCase(state)).toMatchObject({ status: 'inLedger', nextDeadline: { kind: 'reminder', reminds: { fraction: 0.5 } } });
    const left = runTimersUntil(state, after(due, 11));
    expect(timeline(left.events)).toEqual([
      ['reminderSent', iso(deadlineFractionPoint(T0, due, 0.5)), 'triage', 'triage-laifeng'],
      ['reminderSent', iso(deadlineFractionPoint(T0, due, 0.8)), 'triage', 'triage-laifeng'],
      ['deadlineMissed', due, 'triage', 'triage-laifeng'],
      ['caseEscalated', due, 'untriaged#1', 'laifeng-leader'],
      ['caseEscalated', after(due, 2), 'untriaged#2', 'dl-chen'],
      ['caseEscalated', after(due, 5), 'untriaged#3', 'top-1,top-2'],
      ['caseEscalated', after(due, 10), 'untriaged#3+1', 'top-1,top-2'],
    ]);
    expect(raised(left.state).supervision).toMatchObject({ level: 'topDistrictLeaders', leaderIds: ['top-1', 'top-2'] });
    // Still waiting: the next repeat is set.
    expect(viewOf(left.state).nextDeadline).toMatchObject({ kind: 'escalation', forKind: 'triage', step: 3, repeat: 2 });
  });

  it('clears the triage chain when the town triages, and sets it again when a department returns the case', () => {
    const published = publish();
    expect(published.deadlines.map((d) => d.kind)).toEqual(['claimWindow', 'reminder', 'reminder']);
    const returned = run(handling(), T0, { type: 'returnCase', actor: actors.umHandler, reason: '不属于本部门职责' });
    expect(returned.state.status).toBe('inLedger');
    expect(returned.state.deadlines.filter((d) => d.kind === 'triage').map((d) => d.dueAt)).toEqual([after(T0, 3)]);
  });
});

describe('published but unclaimed', () => {
  it('goes on from the supervising leader to the top leaders, then reminds them every 5 working days', () => {
    const state = publish();
    const due = after(T0, 2);
    const left = runTimersUntil(state, after(due, 8));
    expect(timeline(left.events).filter(([type]) => type !== 'reminderSent')).toEqual([
      ['deadlineMissed', due, 'claimWindow', 'urban-management'],
      ['caseEscalated', due, 'unclaimed#1', 'dl-wang'],
      ['caseEscalated', after(due, 3), 'unclaimed#2', 'top-1,top-2'],
      ['caseEscalated', after(due, 8), 'unclaimed#2+1', 'top-1,top-2'],
    ]);
  });

  it('lets the supervising leader assign a department directly (交办): a late start with a plan and a result due', () => {
    const escalated = runTimersUntil(publish(), after(T0, 2)).state;
    const at = after(T0, 3);
    const { state, events } = run(escalated, at, {
      type: 'assignDepartment',
      actor: actors.dlWang,
      departmentId: 'housing',
      reason: '立面整治由住建委牵头',
    });
    expect(events).toEqual([
      expect.objectContaining({ type: 'departmentAssigned', departmentId: 'housing', late: true, handlingDueAt: after(at, 5) }),
    ]);
    expect(raised(state)).toMatchObject({ status: 'claimed', handler: { level: 'district', unitId: 'housing' }, claimedLate: true });
    expect(state.deadlines.map((d) => d.kind).sort()).toEqual(['handling', 'handlingPlan', 'reminder', 'reminder', 'reminder', 'reminder']);
    expect(() =>
      run(escalated, at, { type: 'assignDepartment', actor: actors.housingHandler, departmentId: 'housing', reason: 'x' }),
    ).toThrow("role 'department-handler' may not assignDepartment");
  });
});

describe('an extension request waiting for its decision', () => {
  it('reminds the supervising leader and goes to the top leaders when undecided', () => {
    const asked = run(handling(), T0, { type: 'requestExtension', actor: actors.umHandler, workingDays: 3, reason: '等材料' }).state;
    const due = after(T0, 2);
    const left = runTimersUntil(asked, due);
    expect(timeline(left.events)).toEqual([
      ['reminderSent', iso(deadlineFractionPoint(T0, due, 0.5)), 'extensionDecision', 'dl-wang'],
      ['reminderSent', iso(deadlineFractionPoint(T0, due, 0.8)), 'extensionDecision', 'dl-wang'],
      ['deadlineMissed', due, 'extensionDecision', 'dl-wang'],
      ['caseEscalated', due, 'extensionUndecided#1', 'top-1,top-2'],
    ]);
  });

  it('is withdrawn when the result is reported, and leaves every pending list', () => {
    const asked = run(handling(), T0, { type: 'requestExtension', actor: actors.umHandler, workingDays: 3, reason: '等材料' }).state;
    const { state, events } = run(asked, T0, { type: 'reportResult', actor: actors.umHandler, summary: '已整改' });
    expect(events.map((e) => e.type)).toEqual(['requestsWithdrawn', 'resultReported']);
    expect(events[0]).toMatchObject({ because: 'resultReported', extension: true, pause: false, instructionIds: [] });
    expect(raised(state).pendingExtension).toBeNull();
    expect(state.deadlines.some((d) => d.kind === 'extensionDecision')).toBe(false);
    expect(describeCase(state)).toMatchObject({ pendingExtension: null });
  });

  it('is withdrawn on a transfer and on a return too (under 2025.1 as well: a bug fix, not a new rule)', () => {
    for (const policyVersion of ['2025.1', V]) {
      const asked = run(
        run(initialState, T0, raiseCommand({ policyVersion, category: 'roadAppearance' }), {
          type: 'triageCase',
          actor: actors.laifengTriage,
          route: 'district',
        }).state,
        T0,
        { type: 'claimCase', actor: actors.umHandler },
        { type: 'requestExtension', actor: actors.umHandler, workingDays: 3, reason: '等材料' },
      ).state;
      const transferred = run(asked, T0, { type: 'transferCase', actor: actors.umHandler, toDepartmentId: 'housing', reason: '立面归住建' });
      expect([policyVersion, transferred.events.map((e) => e.type), raised(transferred.state).pendingExtension]).toEqual([
        policyVersion,
        ['requestsWithdrawn', 'caseTransferred'],
        null,
      ]);
      const returned = run(asked, T0, { type: 'returnCase', actor: actors.umHandler, reason: '分错了' });
      expect(returned.events.map((e) => e.type)).toEqual(['requestsWithdrawn', 'caseReturned']);
    }
  });
});

describe('feedback to the residents not given in time', () => {
  it('reminds the village and town, then climbs town leaders → linked district leader → top leaders', () => {
    const reported = run(handling(), T0, { type: 'reportResult', actor: actors.umHandler, summary: '已整改' }).state;
    const due = after(T0, 2);
    const left = runTimersUntil(reported, after(due, 5));
    expect(timeline(left.events).filter(([type]) => type !== 'reminderSent')).toEqual([
      ['deadlineMissed', due, 'feedback', 'laifeng-leader'],
      ['caseEscalated', due, 'feedbackLate#1', 'laifeng-leader'],
      ['caseEscalated', after(due, 2), 'feedbackLate#2', 'dl-chen'],
      ['caseEscalated', after(due, 5), 'feedbackLate#3', 'top-1,top-2'],
    ]);
    expect(timeline(left.events).filter(([type]) => type === 'reminderSent').map((r) => r[3])).toEqual([
      'dengfeng,laifeng',
      'dengfeng,laifeng',
    ]);
  });
});

describe('pauses under 2026.2', () => {
  it('lets the first pause within its cap stop the clock, and sends a second one to the supervising leader', () => {
    const first = run(handling(), T0, { type: 'pauseClock', actor: actors.umHandler, reason: 'waitingForResident' }).state;
    expect(raised(first).pause).toMatchObject({ reason: 'waitingForResident', limitAt: after(T0, 10) });
    const resumedAt = after(T0, 1);
    const resumed = run(first, resumedAt, { type: 'resumeClock', actor: actors.umHandler }).state;
    // Paused Mon 10:00, resumed Tue 24:00: 14 h of Monday and all of Tuesday stood still.
    expect(raised(resumed)).toMatchObject({ pauseCount: 1, pausedWorkingMs: 38 * 3_600_000 });

    const asked = run(resumed, resumedAt, { type: 'pauseClock', actor: actors.umHandler, reason: 'waitingForFunds', workingDays: 5 });
    expect(asked.events).toEqual([expect.objectContaining({ type: 'pauseRequested', workingDays: 5, notify: ['dl-wang'] })]);
    expect(raised(asked.state).pause).toBeNull();
    expect(() => run(asked.state, resumedAt, { type: 'approvePause', actor: actors.dlLi })).toThrow('only the supervising leader');
    const approved = run(asked.state, resumedAt, { type: 'approvePause', actor: actors.dlWang });
    expect(approved.events).toEqual([
      expect.objectContaining({ type: 'clockPaused', actor: actors.dlWang, requestedByActorId: 'um-zhang', limitAt: after(resumedAt, 5) }),
    ]);
    expect(raised(approved.state)).toMatchObject({ pendingPause: null, pause: { byActorId: 'um-zhang' } });
  });

  it('sends a first pause longer than its reason allows to the leader, and refuses one beyond the total cap', () => {
    const long = run(handling(), T0, { type: 'pauseClock', actor: actors.umHandler, reason: 'waitingForResident', workingDays: 20 });
    expect(long.events.map((e) => e.type)).toEqual(['pauseRequested']);
    expect(() => run(handling(), T0, { type: 'pauseClock', actor: actors.umHandler, reason: 'waitingForSeason', workingDays: 61 })).toThrow(
      'the case may be paused 60 more working days in all',
    );
    const rejected = run(long.state, T0, { type: 'rejectPause', actor: actors.dlWang, reason: '请按期办理' });
    expect(raised(rejected.state).pendingPause).toBeNull();
  });
});

describe('a concentrated issue', () => {
  it('gets its own supervision deadline, and goes to the top leaders again when it passes', () => {
    const flagged = run(handling(), T0, { type: 'flagConcentrated', actor: actors.top, reason: '本月第三起' });
    const due = after(T0, 10);
    expect(flagged.events[0]).toMatchObject({ type: 'caseFlaggedConcentrated', reviewDueAt: due, supervision: { level: 'topDistrictLeaders' } });
    const left = runTimersUntil(flagged.state, due);
    expect(timeline(left.events).filter(([, , kind]) => kind === 'concentratedReview' || String(kind).startsWith('concentrated'))).toEqual([
      ['reminderSent', iso(deadlineFractionPoint(T0, due, 0.5)), 'concentratedReview', 'top-1,top-2,urban-management'],
      ['reminderSent', iso(deadlineFractionPoint(T0, due, 0.8)), 'concentratedReview', 'top-1,top-2,urban-management'],
      ['deadlineMissed', due, 'concentratedReview', 'top-1,top-2,urban-management'],
      ['caseEscalated', due, 'concentratedUnresolved#1', 'top-1,top-2'],
    ]);
  });
});

describe('ratings collected in person (回访)', () => {
  const awaiting = () =>
    run(
      handling(),
      T0,
      { type: 'reportResult', actor: actors.umHandler, summary: '已整改' },
      { type: 'giveFeedback', actor: actors.dengfengSecretary },
    ).state;

  it('counts when the rating window closes without the resident’s own rating', () => {
    const collected = run(awaiting(), T0, {
      type: 'recordRating',
      actor: actors.dengfengSecretary,
      rating: 'basicallySatisfied',
      channel: 'phone',
      residentId: 'r-1',
    }).state;
    expect(collected.status).toBe('awaitingRating');
    const closed = runTimersUntil(collected, '2025-03-20T00:00:00.000Z');
    expect(closed.events.map((e) => e.type)).toEqual(['caseRated', 'caseClosed']);
    expect(closed.events[0]).toMatchObject({
      actor: actors.system,
      rating: 'basicallySatisfied',
      collected: { channel: 'phone', collectedByActorId: 'sec-dengfeng', residentId: 'r-1' },
    });
    expect(raised(closed.state)).toMatchObject({ status: 'closed', closure: 'basicallySatisfied' });
  });

  it('gives way to the resident’s own rating', () => {
    const collected = run(awaiting(), T0, { type: 'recordRating', actor: actors.dengfengSecretary, rating: 'dissatisfied', channel: 'inPerson' }).state;
    const own = run(collected, T0, { type: 'rateCase', actor: actors.resident, rating: 'satisfied' });
    expect(raised(own.state)).toMatchObject({ closure: 'satisfied', collectedRating: null });
  });

  it('is refused from another village, for someone who did not report the case, and twice', () => {
    expect(() => run(awaiting(), T0, { type: 'recordRating', actor: actors.shilongSecretary, rating: 'satisfied', channel: 'phone' })).toThrow(
      "only the case's village or town",
    );
    expect(() =>
      run(awaiting(), T0, { type: 'recordRating', actor: actors.dengfengSecretary, rating: 'satisfied', channel: 'phone', residentId: 'r-9' }),
    ).toThrow("'r-9' is not one of the case's reporters");
    const once = run(awaiting(), T0, { type: 'recordRating', actor: actors.dengfengSecretary, rating: 'satisfied', channel: 'phone' }).state;
    expect(() => run(once, T0, { type: 'recordRating', actor: actors.laifengLeader, rating: 'satisfied', channel: 'phone' })).toThrow(
      'a rating was already collected',
    );
  });
});

describe('supervision commands (督办)', () => {
  it('urges whoever the case waits for, by state', () => {
    expect(run(raiseInLedger(), T0, { type: 'urgeCase', actor: actors.top, note: '尽快研判' }).events[0]).toMatchObject({
      type: 'caseUrged',
      notify: ['triage-laifeng'],
    });
    expect(run(handling(), T0, { type: 'urgeCase', actor: actors.dlWang, note: '加快进度' }).events[0]).toMatchObject({
      notify: ['urban-management'],
    });
    expect(() => run(handling(), T0, { type: 'urgeCase', actor: actors.dlLi, note: '加快进度' })).toThrow(
      'only a leader who supervises the case (dl-wang) may urge the case',
    );
  });

  it('gives an instruction a deadline for its acknowledgement, which climbs its own chain when missed', () => {
    const instructed = run(handling(), T0, { type: 'instructCase', actor: actors.dlWang, text: '请本周内现场核实' });
    const issued = instructed.events[0];
    expect(issued).toMatchObject({ type: 'instructionIssued', ackDueAt: after(T0, 1), notify: ['urban-management'] });
    const instructionId = issued?.type === 'instructionIssued' ? issued.instructionId : '';
    const late = runTimersUntil(instructed.state, after(T0, 1));
    const ackDue = after(T0, 1);
    expect(timeline(late.events).filter(([, , kind]) => String(kind).startsWith('instruction'))).toEqual([
      ['reminderSent', iso(deadlineFractionPoint(T0, ackDue, 0.5)), 'instructionAck', 'urban-management,dl-wang'],
      ['reminderSent', iso(deadlineFractionPoint(T0, ackDue, 0.8)), 'instructionAck', 'urban-management,dl-wang'],
      ['deadlineMissed', after(T0, 1), 'instructionAck', 'urban-management,dl-wang'],
      ['caseEscalated', after(T0, 1), 'instructionUnacknowledged#1', 'dl-wang'],
    ]);
    const acknowledged = run(late.state, after(T0, 2), { type: 'acknowledgeInstruction', actor: actors.umHandler, instructionId });
    expect(acknowledged.events[0]).toMatchObject({ type: 'instructionAcknowledged', late: true });
    expect(raised(acknowledged.state).instructions).toEqual([]);
    expect(acknowledged.state.deadlines.some((d) => d.ref === instructionId)).toBe(false);
  });

  it('reassigns a case to another department (改派), which owes a new plan while the handling deadline runs on', () => {
    const state = handling();
    const handlingDue = state.deadlines.find((d) => d.kind === 'handling')?.dueAt;
    const moved = run(state, T0, { type: 'reassignCase', actor: actors.dlWang, toDepartmentId: 'power-supply', reason: '线路问题' });
    expect(raised(moved.state)).toMatchObject({ status: 'claimed', handler: { unitId: 'power-supply' } });
    expect(moved.state.deadlines.find((d) => d.kind === 'handling')?.dueAt).toBe(handlingDue);
  });

  it('records who acknowledged an escalation, once', () => {
    const escalated = runTimersUntil(publish(), after(T0, 2)).state;
    expect(raised(escalated).escalation).toMatchObject({ trigger: 'unclaimed', targetIds: ['dl-wang'] });
    const seen = run(escalated, after(T0, 2), { type: 'acknowledgeEscalation', actor: actors.dlWang, note: '已阅' });
    expect(raised(seen.state).escalation?.acknowledged).toEqual({ byActorId: 'dl-wang', at: after(T0, 2) });
    expect(() => run(seen.state, after(T0, 2), { type: 'acknowledgeEscalation', actor: actors.top })).toThrow('was acknowledged at');
    expect(() => run(escalated, after(T0, 2), { type: 'acknowledgeEscalation', actor: actors.dlLi })).toThrow('only those the escalation went to');
  });
});
