import { addWorkingDays, addWorkingTime, deadlineFractionPoint, workingTimeBetween } from '@bishan/domain';
import {
  CaseWorkflowTestEnv,
  HOUR,
  MINUTE,
  actors,
  caseActions,
  iso,
  ms,
  ofType,
  only,
  oneTo,
  seqsOf,
  systemEvents,
} from './test-support/case-workflow-env';

// Paths through handling: deadlines that fire, move, freeze and escalate, each asserted at the exact
// simulated instant the domain's calendar gives, counted from the event that set it.
describe('caseWorkflow: handling paths on skipped time', () => {
  let t: CaseWorkflowTestEnv;

  beforeAll(async () => {
    t = await CaseWorkflowTestEnv.create();
  });

  afterAll(async () => {
    await t?.teardown();
  });

  /** Raised on Monday 10:00, published, claimed by urban management and planned at once. */
  async function handlingCase() {
    const started = await t.startCaseOnMonday();
    const act = caseActions(started.handle);
    await act.triage('district');
    await act.claim();
    await act.submitPlan();
    const claimed = only(t.events(started.caseId), 'caseClaimed');
    const handlingDueAt = iso(addWorkingDays(claimed.at, 5));
    expect(claimed.handlingDueAt).toBe(handlingDueAt);
    const reminderAt = (dueAt: string, fraction: number) => iso(deadlineFractionPoint(claimed.at, dueAt, fraction));
    return { ...started, act, claimed, handlingDueAt, reminderAt };
  }

  /** Result, feedback and a rating from the reporter: the case closes. */
  async function closeWith(act: ReturnType<typeof caseActions>, rating: 'satisfied' | 'basicallySatisfied' = 'satisfied') {
    await act.reportResult();
    await act.giveFeedback();
    await act.rate(rating);
  }

  it('is triaged to the village, solved there, fed back and rated satisfied', async () => {
    const { caseId, handle, startedAt } = await t.startCaseOnMonday();
    const act = caseActions(handle);
    await act.triage('village');
    const assigned = only(t.events(caseId), 'caseAssigned');
    const dueAt = iso(addWorkingDays(assigned.at, 5));
    expect(assigned).toMatchObject({ level: 'village', unitId: 'dengfeng', dueAt, supervision: { level: 'town', leaderIds: ['laifeng-leader'] } });
    const half = iso(deadlineFractionPoint(assigned.at, dueAt, 0.5));
    const eighty = iso(deadlineFractionPoint(assigned.at, dueAt, 0.8));

    // Both reminders fire; the village reports before the deadline.
    await t.sleepUntil(ms(eighty) + HOUR);
    const reportedFrom = await t.now();
    await act.reportResult(actors.dengfengSecretary);
    await act.giveFeedback(actors.laifengLeader);
    await act.rate('satisfied');
    const result = await handle.result();

    const events = t.events(caseId);
    expect(events.map((e) => e.type)).toEqual([
      'caseRaised',
      'caseEnteredLedger',
      'caseAssigned',
      'reminderSent',
      'reminderSent',
      'resultReported',
      'feedbackGiven',
      'caseRated',
      'caseClosed',
    ]);
    expect(systemEvents(events)).toEqual([
      ['reminderSent', half],
      ['reminderSent', eighty],
    ]);
    expect(ofType(events, 'reminderSent').map((r) => [r.fraction, r.forKind, r.forDueAt, r.notify])).toEqual([
      [0.5, 'handling', dueAt, ['dengfeng']],
      [0.8, 'handling', dueAt, ['dengfeng']],
    ]);
    expect(only(events, 'resultReported')).toMatchObject({ overdue: false });
    expect(Date.parse(assigned.at) - startedAt).toBeLessThan(MINUTE);
    const closed = only(events, 'caseClosed');
    expect(result).toEqual({ caseId, closure: 'satisfied', closedAt: closed.at });
    expect(ms(closed.at) - reportedFrom).toBeLessThan(MINUTE);
    expect(seqsOf(t.sequenced(caseId))).toEqual(oneTo(9));
    await t.saveHistory(handle, 'village-satisfied');
  });

  it('escalates an overdue case step by step to the top district leaders, each step at its exact time', async () => {
    const { caseId, handle, act, handlingDueAt, reminderAt } = await handlingCase();
    const step2At = iso(addWorkingDays(handlingDueAt, 2));
    const step3At = iso(addWorkingDays(handlingDueAt, 5));

    await t.sleepUntil(ms(step3At) + HOUR);
    expect(await t.view(handle)).toMatchObject({
      status: 'handling',
      overdue: true,
      escalationLevel: 3,
      supervision: { level: 'topDistrictLeaders', leaderIds: ['top-1', 'top-2'] },
      deadlines: [],
      nextDeadline: null,
    });
    await closeWith(act);
    const result = await handle.result();

    const events = t.events(caseId);
    expect(events.map((e) => e.type)).toEqual([
      'caseRaised',
      'caseEnteredLedger',
      'casePublished',
      'caseClaimed',
      'handlingPlanSubmitted',
      'reminderSent',
      'reminderSent',
      'deadlineMissed',
      'caseEscalated',
      'caseEscalated',
      'caseEscalated',
      'resultReported',
      'feedbackGiven',
      'caseRated',
      'caseClosed',
    ]);
    expect(systemEvents(events)).toEqual([
      ['reminderSent', reminderAt(handlingDueAt, 0.5)],
      ['reminderSent', reminderAt(handlingDueAt, 0.8)],
      ['deadlineMissed', handlingDueAt],
      ['caseEscalated', handlingDueAt],
      ['caseEscalated', step2At],
      ['caseEscalated', step3At],
    ]);
    expect(ofType(events, 'caseEscalated').map((e) => [e.trigger, e.step, e.target, e.targetIds])).toEqual([
      ['overdue', 1, 'responsibleLeader', ['um-leader']],
      ['overdue', 2, 'supervisingDistrictLeader', ['dl-wang']],
      ['overdue', 3, 'topDistrictLeaders', ['top-1', 'top-2']],
    ]);
    expect(only(events, 'deadlineMissed')).toMatchObject({ kind: 'handling', dueAt: handlingDueAt, notify: ['urban-management'] });
    expect(only(events, 'resultReported')).toMatchObject({ overdue: true });
    expect(result).toEqual({ caseId, closure: 'satisfied', closedAt: only(events, 'caseClosed').at });
    expect(seqsOf(t.sequenced(caseId))).toEqual(oneTo(15));
    await t.saveHistory(handle, 'overdue-escalated-to-top');
  });

  it('moves the handling deadline and its pending reminders when an extension is approved', async () => {
    const { caseId, handle, act, handlingDueAt, reminderAt } = await handlingCase();
    await act.requestExtension(5);
    await act.approveExtension(actors.dlWang);
    const newDueAt = iso(addWorkingDays(handlingDueAt, 5));
    expect(only(t.events(caseId), 'extensionApproved')).toMatchObject({ workingDays: 5, previousDueAt: handlingDueAt, newDueAt });
    const movedHalf = reminderAt(newDueAt, 0.5);
    const movedEighty = reminderAt(newDueAt, 0.8);
    // The reminders were not sent yet, so they move with the deadline, as fractions of the longer span.
    expect(ms(movedHalf)).toBeGreaterThan(ms(reminderAt(handlingDueAt, 0.5)));
    expect((await t.view(handle)).deadlines.map((d) => [d.kind, d.dueAt])).toEqual([
      ['reminder', movedHalf],
      ['reminder', movedEighty],
      ['handling', newDueAt],
    ]);

    // The old due time passes silently; the deadline is missed at its new time.
    await t.sleepUntil(ms(newDueAt) + HOUR);
    await closeWith(act, 'basicallySatisfied');
    const result = await handle.result();

    const events = t.events(caseId);
    expect(events.map((e) => e.type)).toEqual([
      'caseRaised',
      'caseEnteredLedger',
      'casePublished',
      'caseClaimed',
      'handlingPlanSubmitted',
      'extensionRequested',
      'extensionApproved',
      'reminderSent',
      'reminderSent',
      'deadlineMissed',
      'caseEscalated',
      'resultReported',
      'feedbackGiven',
      'caseRated',
      'caseClosed',
    ]);
    expect(systemEvents(events)).toEqual([
      ['reminderSent', movedHalf],
      ['reminderSent', movedEighty],
      ['deadlineMissed', newDueAt],
      ['caseEscalated', newDueAt],
    ]);
    expect(ofType(events, 'reminderSent').map((r) => r.forDueAt)).toEqual([newDueAt, newDueAt]);
    expect(result).toEqual({ caseId, closure: 'basicallySatisfied', closedAt: only(events, 'caseClosed').at });
    expect(seqsOf(t.sequenced(caseId))).toEqual(oneTo(15));
  });

  it('freezes deadlines while paused and shifts them by the paused working time on resume', async () => {
    const { caseId, handle, startedAt, act, handlingDueAt, reminderAt } = await handlingCase();
    const half = reminderAt(handlingDueAt, 0.5);

    await t.sleepUntil(startedAt + 24 * HOUR); // Tuesday 10:00
    await act.pause('waitingForResident');
    const paused = only(t.events(caseId), 'clockPaused');
    const limitAt = iso(addWorkingDays(paused.at, 10));
    expect(paused.limitAt).toBe(limitAt);
    const whilePaused = await t.view(handle);
    expect(whilePaused).toMatchObject({ paused: { reason: 'waitingForResident', since: paused.at }, nextDeadline: { kind: 'pauseLimit', dueAt: limitAt, running: true } });
    expect(whilePaused.deadlines.filter((d) => d.running).map((d) => d.kind)).toEqual(['pauseLimit']);

    // The 50 % reminder's original time passes while paused: nothing fires.
    await t.sleepUntil(ms(half) + 2 * HOUR);
    expect((await t.settledEvents(handle)).at(-1)?.type).toBe('clockPaused');
    await act.resume();
    const resumed = only(t.events(caseId), 'clockResumed');
    const pausedWorkingMs = workingTimeBetween(paused.at, resumed.at);
    expect(resumed).toMatchObject({ automatic: false, pausedSince: paused.at, pausedWorkingMs });
    expect(pausedWorkingMs).toBeGreaterThan(24 * HOUR);
    const shifted = (at: string) => iso(addWorkingTime(at, pausedWorkingMs));
    const newDueAt = shifted(handlingDueAt);
    expect((await t.view(handle)).deadlines.map((d) => [d.kind, d.dueAt, d.running])).toEqual([
      ['reminder', shifted(half), true],
      ['reminder', shifted(reminderAt(handlingDueAt, 0.8)), true],
      ['handling', newDueAt, true],
    ]);

    await t.sleepUntil(ms(newDueAt) + HOUR);
    await closeWith(act);
    const result = await handle.result();

    const events = t.events(caseId);
    expect(events.map((e) => e.type)).toEqual([
      'caseRaised',
      'caseEnteredLedger',
      'casePublished',
      'caseClaimed',
      'handlingPlanSubmitted',
      'clockPaused',
      'clockResumed',
      'reminderSent',
      'reminderSent',
      'deadlineMissed',
      'caseEscalated',
      'resultReported',
      'feedbackGiven',
      'caseRated',
      'caseClosed',
    ]);
    expect(systemEvents(events)).toEqual([
      ['reminderSent', shifted(half)],
      ['reminderSent', shifted(reminderAt(handlingDueAt, 0.8))],
      ['deadlineMissed', newDueAt],
      ['caseEscalated', newDueAt],
    ]);
    expect(result).toEqual({ caseId, closure: 'satisfied', closedAt: only(events, 'caseClosed').at });
    expect(seqsOf(t.sequenced(caseId))).toEqual(oneTo(15));
  });

  it('resumes by itself when the pause reaches its maximum', async () => {
    const { caseId, handle, startedAt, act, handlingDueAt } = await handlingCase();
    await t.sleepUntil(startedAt + 24 * HOUR);
    await act.pause('waitingForResident');
    const paused = only(t.events(caseId), 'clockPaused');
    const limitAt = iso(addWorkingDays(paused.at, 10));

    await t.sleepUntil(ms(limitAt) + HOUR);
    const resumed = only(await t.settledEvents(handle), 'clockResumed');
    const pausedWorkingMs = workingTimeBetween(paused.at, limitAt);
    expect(resumed).toMatchObject({ at: limitAt, automatic: true, pausedSince: paused.at, pausedWorkingMs, actor: actors.system });
    expect(resumed.deadlineId).toMatch(/^pauseLimit-\d+$/);
    expect(await t.view(handle)).toMatchObject({ paused: null, overdue: false });
    expect((await t.view(handle)).deadlines.find((d) => d.kind === 'handling')?.dueAt).toBe(iso(addWorkingTime(handlingDueAt, pausedWorkingMs)));

    await closeWith(act);
    const result = await handle.result();
    const events = t.events(caseId);
    expect(events.map((e) => e.type)).toEqual([
      'caseRaised',
      'caseEnteredLedger',
      'casePublished',
      'caseClaimed',
      'handlingPlanSubmitted',
      'clockPaused',
      'clockResumed',
      'resultReported',
      'feedbackGiven',
      'caseRated',
      'caseClosed',
    ]);
    expect(systemEvents(events)).toEqual([['clockResumed', limitAt]]);
    expect(result).toEqual({ caseId, closure: 'satisfied', closedAt: only(events, 'caseClosed').at });
    expect(seqsOf(t.sequenced(caseId))).toEqual(oneTo(11));
    await t.saveHistory(handle, 'pause-auto-resumed');
  });
});
