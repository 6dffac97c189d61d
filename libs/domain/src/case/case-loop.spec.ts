import type { CaseEvent } from './case-events';
import { initialState } from './case-state';
import { describeCase } from './case-view';
import { nextDeadline } from './deadline';
import {
  T0,
  T1,
  actors,
  dueOf,
  handlingCase,
  publishedCase,
  raiseCommand,
  raised,
  run,
  runTimersUntil,
  types,
} from '../test-support/org-fixture';

const HOUR = 3_600_000;
const ofType = <T extends CaseEvent['type']>(events: readonly CaseEvent[], type: T) =>
  events.filter((e): e is Extract<CaseEvent, { type: T }> => e.type === type);

describe('case loop', () => {
  it('closes a case resolved on the spot at the meeting', () => {
    const { state, events } = run(
      initialState,
      T0,
      raiseCommand({ resolvedOnSpot: { summary: 'Cleaning crew agreed on the spot' } }),
    );
    expect(types(events)).toEqual(['caseRaised', 'caseResolvedOnSpot', 'caseClosed']);
    expect(raised(state)).toMatchObject({ status: 'closed', resolvedOnSpot: true, closure: 'resolvedOnSpot', closedAt: T0 });
    expect(state.deadlines).toEqual([]);
    expect(events[0]).toMatchObject({ at: T0, actor: actors.dengfengSecretary, policyVersion: '2025.1' });
  });

  it('is triaged to the village, solved there, fed back and rated satisfied', () => {
    let { state, events } = run(initialState, T0, raiseCommand(), {
      type: 'triageCase',
      actor: actors.laifengTriage,
      route: 'village',
    });
    expect(types(events)).toEqual(['caseRaised', 'caseEnteredLedger', 'caseAssigned']);
    // simple = 5 working days from Mon 3 Mar: Tue 4 … Mon 10 → 24:00 on Mon 10 Mar.
    expect(ofType(events, 'caseAssigned')[0]).toMatchObject({
      level: 'village',
      unitId: 'dengfeng',
      dueAt: '2025-03-10T16:00:00.000Z',
      supervision: { level: 'town', leaderIds: ['laifeng-leader'] },
    });
    expect(describeCase(state)).toMatchObject({
      status: 'handling',
      handler: { level: 'village', unitId: 'dengfeng' },
      deadlines: [
        { kind: 'reminder', dueAt: '2025-03-06T04:00:00.000Z', reminds: { deadlineId: 'handling-1', fraction: 0.5 } },
        { kind: 'reminder', dueAt: '2025-03-07T16:00:00.000Z', reminds: { deadlineId: 'handling-1', fraction: 0.8 } },
        { id: 'handling-1', kind: 'handling', dueAt: '2025-03-10T16:00:00.000Z', running: true },
      ],
    });

    const reportedAt = '2025-03-05T02:00:00.000Z'; // Wed 5 Mar 10:00
    ({ state, events } = run(state, reportedAt, {
      type: 'reportResult',
      actor: actors.dengfengSecretary,
      summary: 'Road added to the cleaning rota',
    }));
    expect(ofType(events, 'resultReported')[0]).toMatchObject({ overdue: false, feedbackDueAt: '2025-03-07T16:00:00.000Z' });
    expect(state.deadlines.map((d) => d.kind)).toEqual(['feedback', 'reminder', 'reminder']);

    ({ state, events } = run(state, reportedAt, { type: 'giveFeedback', actor: actors.laifengLeader }));
    // Rating window: 7 calendar days, to 24:00 on Wed 12 Mar.
    expect(ofType(events, 'feedbackGiven')[0]).toMatchObject({ late: false, ratingDueAt: '2025-03-12T16:00:00.000Z' });

    ({ state, events } = run(state, reportedAt, { type: 'rateCase', actor: actors.resident, rating: 'satisfied' }));
    expect(types(events)).toEqual(['caseRated', 'caseClosed']);
    expect(raised(state)).toMatchObject({ status: 'closed', closure: 'satisfied', rating: 'satisfied' });
    expect(nextDeadline(state)).toBeNull();
  });

  it('escalates an unclaimed case to the supervising leader, then records the late claim', () => {
    let state = publishedCase({ category: 'roadAppearance' });
    expect(dueOf(state, 'claimWindow')).toBe('2025-03-05T16:00:00.000Z');

    const timers = runTimersUntil(state, '2025-03-05T16:00:00.000Z');
    expect(timers.events.map((e) => [e.type, e.at])).toEqual([
      ['reminderSent', '2025-03-04T16:00:00.000Z'],
      ['reminderSent', '2025-03-05T06:24:00.000Z'],
      ['deadlineMissed', '2025-03-05T16:00:00.000Z'],
      ['caseEscalated', '2025-03-05T16:00:00.000Z'],
    ]);
    // Both departments cover roadAppearance; it is a primary duty of neither, the tie goes by list length then id.
    expect(ofType(timers.events, 'reminderSent')[0]?.notify).toEqual(['housing', 'urban-management']);
    expect(ofType(timers.events, 'caseEscalated')[0]).toMatchObject({
      trigger: 'unclaimed',
      target: 'supervisingDistrictLeader',
      targetIds: ['dl-li'],
      deadlineId: 'claimWindow-1',
      actor: { id: 'system', role: 'system' },
      supervision: { level: 'supervisingDistrictLeader', leaderIds: ['dl-li'] },
    });
    state = timers.state;
    expect(nextDeadline(state)).toBeNull();

    const claimedAt = '2025-03-06T02:00:00.000Z';
    const claim = run(state, claimedAt, {
      type: 'claimCase',
      actor: actors.umHandler,
      coHandlingDepartmentIds: ['housing'],
    });
    expect(ofType(claim.events, 'caseClaimed')[0]).toMatchObject({
      leadDepartmentId: 'urban-management',
      coHandlingDepartmentIds: ['housing'],
      late: true,
      handlingDueAt: '2025-03-13T16:00:00.000Z',
      supervision: { level: 'supervisingDistrictLeader', leaderIds: ['dl-wang'] },
    });
    expect(describeCase(claim.state)).toMatchObject({ status: 'claimed', escalationLevel: 0, supervision: { leaderIds: ['dl-wang'] } });
  });

  it('fixes responsibility (三到) with the handling plan', () => {
    const state = handlingCase();
    expect(describeCase(state)).toMatchObject({
      status: 'handling',
      responsibility: { departmentId: 'urban-management', unit: 'Sanitation team 2', personName: 'Zhang Wei' },
      supervision: { level: 'supervisingDistrictLeader', leaderIds: ['dl-wang'] },
    });
    // Claimed Tue 4 Mar 10:00: handling 5 working days → Tue 11 Mar 24:00; plan deadline cleared.
    expect(state.deadlines.map((d) => [d.kind, d.dueAt])).toEqual([
      ['handling', '2025-03-11T16:00:00.000Z'],
      ['reminder', '2025-03-07T04:00:00.000Z'],
      ['reminder', '2025-03-10T16:00:00.000Z'],
    ]);
  });

  it('escalates an overdue case step by step to the top district leaders', () => {
    const { state, events } = runTimersUntil(handlingCase(), '2025-03-31T00:00:00.000Z');
    expect(types(events)).toEqual([
      'reminderSent',
      'reminderSent',
      'deadlineMissed',
      'caseEscalated',
      'caseEscalated',
      'caseEscalated',
    ]);
    expect(ofType(events, 'caseEscalated').map((e) => [e.step, e.target, e.targetIds, e.at])).toEqual([
      [1, 'responsibleLeader', ['um-leader'], '2025-03-11T16:00:00.000Z'],
      [2, 'supervisingDistrictLeader', ['dl-wang'], '2025-03-13T16:00:00.000Z'], // +2 wd: Wed 12, Thu 13
      [3, 'topDistrictLeaders', ['top-1', 'top-2'], '2025-03-18T16:00:00.000Z'], // +5 wd: … Tue 18
    ]);
    expect(describeCase(state)).toMatchObject({
      overdue: true,
      escalationLevel: 3,
      supervision: { level: 'topDistrictLeaders', leaderIds: ['top-1', 'top-2'] },
      deadlines: [],
    });

    const late = run(state, '2025-03-19T02:00:00.000Z', {
      type: 'reportResult',
      actor: actors.umHandler,
      summary: 'Finally cleaned',
    });
    expect(ofType(late.events, 'resultReported')[0]?.overdue).toBe(true);
  });

  describe('extensions', () => {
    const requestedAt = '2025-03-06T02:00:00.000Z'; // Thu 6 Mar, before the 50 % reminder
    const requested = () =>
      run(handlingCase(), requestedAt, {
        type: 'requestExtension',
        actor: actors.umHandler,
        workingDays: 5,
        reason: 'Contractor needs a second visit',
      }).state;

    it('moves the handling deadline and its pending reminders when approved', () => {
      const { state, events } = run(requested(), requestedAt, {
        type: 'approveExtension',
        actor: actors.dlWang,
        reason: 'Reasonable',
      });
      expect(events[0]).toMatchObject({
        type: 'extensionApproved',
        previousDueAt: '2025-03-11T16:00:00.000Z',
        newDueAt: '2025-03-18T16:00:00.000Z',
      });
      // 10 working days from Wed 5 Mar: 50 % at end of Tue 11, 80 % at end of Fri 14.
      expect(state.deadlines.map((d) => [d.kind, d.dueAt])).toEqual([
        ['handling', '2025-03-18T16:00:00.000Z'],
        ['reminder', '2025-03-11T16:00:00.000Z'],
        ['reminder', '2025-03-14T16:00:00.000Z'],
      ]);
      expect(raised(state)).toMatchObject({ pendingExtension: null, extensionsGranted: 1 });
    });

    it('leaves the deadline alone when rejected', () => {
      const { state, events } = run(requested(), requestedAt, {
        type: 'rejectExtension',
        actor: actors.dlWang,
        reason: 'Two days are enough',
      });
      expect(types(events)).toEqual(['extensionRejected']);
      expect(dueOf(state, 'handling')).toBe('2025-03-11T16:00:00.000Z');
      expect(raised(state)).toMatchObject({ pendingExtension: null, extensionsGranted: 0 });
    });

    it('lapses an undecided request when the handling deadline passes', () => {
      const { state, events } = runTimersUntil(requested(), '2025-03-11T16:00:00.000Z');
      expect(ofType(events, 'deadlineMissed')[0]).toMatchObject({ kind: 'handling', extensionRequestLapsed: true });
      expect(raised(state).pendingExtension).toBeNull();
    });
  });

  describe('pausing the clock', () => {
    const pausedAt = '2025-03-06T02:00:00.000Z'; // Thu 6 Mar 10:00
    const paused = () =>
      run(handlingCase(), pausedAt, {
        type: 'pauseClock',
        actor: actors.umHandler,
        reason: 'waitingForResident',
        note: 'Owner away until Monday',
      }).state;

    it('freezes all deadlines but the pause limit and shows the pause', () => {
      const state = paused();
      const view = describeCase(state);
      expect(view).toMatchObject({
        paused: { reason: 'waitingForResident', since: pausedAt, limitAt: '2025-03-20T16:00:00.000Z' },
        nextDeadline: { kind: 'pauseLimit', dueAt: '2025-03-20T16:00:00.000Z', running: true },
      });
      expect(() => run(state, pausedAt, { type: 'reportResult', actor: actors.umHandler, summary: 'x' })).toThrow(
        'reportResult rejected: the case clock is paused (waitingForResident since 2025-03-06T02:00:00.000Z); resume it first',
      );
    });

    it('shifts deadlines by the working time paused when resumed', () => {
      // Thu 10:00 → Mon 10:00: 14 h + Fri 24 h + 10 h = 48 h of working time.
      const { state, events } = run(paused(), '2025-03-10T02:00:00.000Z', { type: 'resumeClock', actor: actors.umHandler });
      expect(events[0]).toMatchObject({ type: 'clockResumed', automatic: false, pausedWorkingMs: 48 * HOUR });
      expect(dueOf(state, 'handling')).toBe('2025-03-13T16:00:00.000Z');
      expect(dueOf(state, 'pauseLimit')).toBeUndefined();
      expect(raised(state).pause).toBeNull();
    });

    it('resumes by itself at the maximum for the reason', () => {
      const { state, events } = runTimersUntil(paused(), '2025-03-20T16:00:00.000Z');
      expect(types(events)).toEqual(['clockResumed']);
      // 14 h on Thu 6 + 10 whole working days up to 24:00 Thu 20 Mar.
      expect(events[0]).toMatchObject({ automatic: true, deadlineId: 'pauseLimit-10', pausedWorkingMs: 254 * HOUR });
      // Due Wed 12 00:00 + 10 wd + 14 h → Wed 26 Mar 14:00 Shanghai.
      expect(dueOf(state, 'handling')).toBe('2025-03-26T06:00:00.000Z');
    });
  });

  it('reopens a dissatisfied case, and the second reopening goes to the supervising leader', () => {
    let { state } = run(initialState, T0, raiseCommand(), { type: 'triageCase', actor: actors.laifengTriage, route: 'village' });
    const rounds: CaseEvent[][] = [];
    for (const day of ['2025-03-04', '2025-03-12']) {
      const at = `${day}T02:00:00.000Z`;
      const round = run(
        state,
        at,
        { type: 'reportResult', actor: actors.dengfengSecretary, summary: 'Swept once' },
        { type: 'giveFeedback', actor: actors.dengfengSecretary },
        { type: 'rateCase', actor: actors.resident, rating: 'dissatisfied', comment: 'Dirty again' },
      );
      rounds.push(round.events);
      state = round.state;
    }
    expect(types(rounds[0] ?? []).slice(-2)).toEqual(['caseRated', 'caseReopened']);
    expect(ofType(rounds[0] ?? [], 'caseReopened')[0]).toMatchObject({ reopenCount: 1, dueAt: '2025-03-11T16:00:00.000Z' });
    expect(types(rounds[1] ?? []).slice(-3)).toEqual(['caseRated', 'caseReopened', 'caseEscalated']);
    expect(ofType(rounds[1] ?? [], 'caseEscalated')[0]).toMatchObject({
      trigger: 'reopenedAgain',
      target: 'supervisingDistrictLeader',
      targetIds: ['dl-chen'], // 来凤街道's linked district leader
      supervision: { level: 'supervisingDistrictLeader', leaderIds: ['dl-chen'] },
    });
    expect(describeCase(state)).toMatchObject({ status: 'handling', reopenCount: 2, rating: 'dissatisfied' });
  });

  it('records "not rated" when nobody rates within the window, never "satisfied"', () => {
    const reportedAt = '2025-03-05T02:00:00.000Z';
    const { state } = run(
      handlingCase(),
      reportedAt,
      { type: 'reportResult', actor: actors.umHandler, summary: 'Done' },
      { type: 'giveFeedback', actor: actors.dengfengSecretary },
    );
    const { state: after, events } = runTimersUntil(state, '2025-03-31T00:00:00.000Z');
    expect(events.map((e) => [e.type, e.at])).toEqual([
      ['ratingWindowExpired', '2025-03-12T16:00:00.000Z'],
      ['caseClosed', '2025-03-12T16:00:00.000Z'],
    ]);
    expect(raised(after)).toMatchObject({ status: 'closed', closure: 'notRated', rating: 'notRated' });
  });

  it('sends a wrongly routed case back to triage and lets a department transfer a case', () => {
    const returned = run(publishedCase({ category: 'roadAppearance' }), T1, { type: 'claimCase', actor: actors.housingHandler }, {
      type: 'returnCase',
      actor: actors.housingHandler,
      reason: 'This is street cleaning, not facades',
    });
    expect(describeCase(returned.state)).toMatchObject({ status: 'inLedger', handler: null, returnCount: 1, deadlines: [] });

    const transferred = run(handlingCase({ category: 'roadAppearance' }), T1, {
      type: 'transferCase',
      actor: actors.umHandler,
      toDepartmentId: 'housing',
      reason: 'Facade work',
    });
    expect(describeCase(transferred.state)).toMatchObject({
      status: 'claimed',
      handler: { level: 'district', unitId: 'housing' },
      responsibility: null,
      supervision: { leaderIds: ['dl-li'] },
    });
    // The handling deadline keeps running; a new plan is due in 2 working days.
    expect(dueOf(transferred.state, 'handling')).toBe('2025-03-11T16:00:00.000Z');
    expect(dueOf(transferred.state, 'handlingPlan')).toBe('2025-03-06T16:00:00.000Z');
  });

  it('puts a concentrated issue under the top district leaders, who then decide its extensions', () => {
    const flagged = run(handlingCase(), T1, {
      type: 'flagConcentrated',
      actor: actors.top,
      reason: 'Third sanitation complaint in 来凤街道 this month',
      clusterId: 'sanitation@laifeng#case-1',
    });
    expect(flagged.events[0]).toMatchObject({
      type: 'caseFlaggedConcentrated',
      supervision: { level: 'topDistrictLeaders', leaderIds: ['top-1', 'top-2'] },
    });
    const { state } = run(flagged.state, T1, {
      type: 'requestExtension',
      actor: actors.umHandler,
      workingDays: 3,
      reason: 'Scale',
    });
    expect(() => run(state, T1, { type: 'approveExtension', actor: actors.dlWang, reason: 'ok' })).toThrow(
      'only the supervising leader of the case (top-1, top-2) decides extensions',
    );
    expect(run(state, T1, { type: 'approveExtension', actor: actors.top, reason: 'ok' }).events[0]?.type).toBe(
      'extensionApproved',
    );
  });
});
