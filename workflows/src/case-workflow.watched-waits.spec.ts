import { calendarUpdatedSignal, instructCaseUpdate } from '@bishan/contracts';
import {
  addWorkingDays,
  calendarDataVersion,
  calendarOf,
  deadlineFractionPoint,
  shanghaiDateOf,
  type CaseEvent,
  type LoadedHolidaySchedule,
} from '@bishan/domain';
import { fixture2027 } from '../../libs/domain/src/test-support/fixture-holidays';
import {
  CaseWorkflowTestEnv,
  HOUR,
  actors,
  caseActions,
  iso,
  ms,
  ofType,
  only,
  type StartedCase,
} from './test-support/case-workflow-env';

// Policy 2026.2 on skipped time: each wait left alone climbs to the top district leaders at the
// instants the policy gives, counted from the event that started the wait.

const V = '2026.2';
const after = (from: string, workingDays: number) => iso(addWorkingDays(from, workingDays));

/** The escalations of a case as [trigger, step, at, targets]. */
const escalations = (events: readonly CaseEvent[]) =>
  ofType(events, 'caseEscalated').map((e) => [e.trigger, e.step, e.at, e.targetIds.join(',')]);

describe('caseWorkflow under 2026.2: no wait left unwatched', () => {
  let t: CaseWorkflowTestEnv;

  beforeAll(async () => {
    t = await CaseWorkflowTestEnv.create();
  });

  afterAll(async () => {
    await t?.teardown();
  });

  const start = (): Promise<StartedCase> => t.startCaseOnMonday({ policyVersion: V });

  it('left in the ledger: triage committee reminded, then town leaders, linked district leader, top leaders', async () => {
    const { caseId } = await start();
    const entered = await waitForEvent(t, caseId, 'caseEnteredLedger');
    const due = after(entered.at, 3);
    await t.sleepUntil(ms(after(due, 5)) + HOUR);
    const events = t.events(caseId);
    expect(ofType(events, 'reminderSent').map((r) => [r.forKind, r.at, r.notify])).toEqual([
      ['triage', iso(deadlineFractionPoint(entered.at, due, 0.5)), ['triage-laifeng']],
      ['triage', iso(deadlineFractionPoint(entered.at, due, 0.8)), ['triage-laifeng']],
    ]);
    expect(only(events, 'deadlineMissed')).toMatchObject({ kind: 'triage', at: due });
    expect(escalations(events)).toEqual([
      ['untriaged', 1, due, 'laifeng-leader'],
      ['untriaged', 2, after(due, 2), 'dl-chen'],
      ['untriaged', 3, after(due, 5), 'top-1,top-2'],
    ]);
  });

  it('published and unclaimed: the supervising district leader, then the top leaders 3 working days later', async () => {
    const { caseId, handle } = await start();
    await caseActions(handle).triage('district');
    const published = only(t.events(caseId), 'casePublished');
    await t.sleepUntil(ms(after(published.claimDueAt, 3)) + HOUR);
    expect(escalations(t.events(caseId))).toEqual([
      ['unclaimed', 1, published.claimDueAt, 'dl-wang'],
      ['unclaimed', 2, after(published.claimDueAt, 3), 'top-1,top-2'],
    ]);
  });

  it('an extension request left undecided goes to the top leaders at its decision deadline', async () => {
    const { caseId, handle } = await start();
    const act = caseActions(handle);
    await act.triage('district');
    await act.claim();
    await act.submitPlan();
    await act.requestExtension(3);
    const requested = only(t.events(caseId), 'extensionRequested');
    const due = after(requested.at, 2);
    await t.sleepUntil(ms(due) + HOUR);
    const events = t.events(caseId);
    expect(ofType(events, 'deadlineMissed').map((m) => [m.kind, m.at, m.notify])).toEqual([['extensionDecision', due, ['dl-wang']]]);
    expect(escalations(events)).toEqual([['extensionUndecided', 1, due, 'top-1,top-2']]);
  });

  it('feedback not given: town leaders, the linked district leader, then the top leaders', async () => {
    const { caseId, handle } = await start();
    const act = caseActions(handle);
    await act.triage('village');
    await act.reportResult(actors.dengfengSecretary);
    const reported = only(t.events(caseId), 'resultReported');
    const due = reported.feedbackDueAt;
    await t.sleepUntil(ms(after(due, 5)) + HOUR);
    expect(escalations(t.events(caseId))).toEqual([
      ['feedbackLate', 1, due, 'laifeng-leader'],
      ['feedbackLate', 2, after(due, 2), 'dl-chen'],
      ['feedbackLate', 3, after(due, 5), 'top-1,top-2'],
    ]);
  });

  it('an instruction not acknowledged: the supervising district leader, then the top leaders', async () => {
    const { caseId, handle } = await start();
    const act = caseActions(handle);
    await act.triage('district');
    await act.claim();
    const instructed = await handle.executeUpdate(instructCaseUpdate, { args: [{ type: 'instructCase', actor: actors.dlWang, text: '请现场核实' }] });
    await t.recordedUpTo(caseId, instructed.eventSeq);
    const issued = only(t.events(caseId), 'instructionIssued');
    await t.sleepUntil(ms(after(issued.ackDueAt, 2)) + HOUR);
    expect(escalations(t.events(caseId)).filter(([trigger]) => trigger === 'instructionUnacknowledged')).toEqual([
      ['instructionUnacknowledged', 1, issued.ackDueAt, 'dl-wang'],
      ['instructionUnacknowledged', 2, after(issued.ackDueAt, 2), 'top-1,top-2'],
    ]);
  });

  it('a concentrated issue left unresolved goes back to the top leaders at its supervision deadline', async () => {
    const { caseId, handle } = await start();
    const act = caseActions(handle);
    await act.triage('district');
    await act.claim();
    await act.submitPlan();
    await act.flagConcentrated();
    const flagged = only(t.events(caseId), 'caseFlaggedConcentrated');
    expect(flagged.reviewDueAt).toBe(after(flagged.at, 10));
    await t.sleepUntil(ms(flagged.reviewDueAt ?? '') + HOUR);
    expect(escalations(t.events(caseId)).filter(([trigger]) => trigger === 'concentratedUnresolved')).toEqual([
      ['concentratedUnresolved', 1, flagged.reviewDueAt, 'top-1,top-2'],
    ]);
  });

  it('a pause left alone resumes itself at its limit, and the handling deadline then climbs to the top leaders', async () => {
    const { caseId, handle } = await start();
    const act = caseActions(handle);
    await act.triage('district');
    await act.claim();
    await act.submitPlan();
    const claimed = only(t.events(caseId), 'caseClaimed');
    await act.pause('waitingForResident');
    const paused = only(t.events(caseId), 'clockPaused');
    expect(paused.limitAt).toBe(after(paused.at, 10));
    await t.sleepUntil(ms(paused.limitAt) + HOUR);
    const resumed = only(t.events(caseId), 'clockResumed');
    expect(resumed).toMatchObject({ automatic: true, at: paused.limitAt });
    // The paused working time (10 working days) moves the handling deadline by as much.
    const calendar = calendarOf({ kind: 'chinaMainland' });
    expect(resumed.pausedWorkingMs).toBe(calendar.workingTimeBetween(paused.at, paused.limitAt));
    const due = iso(calendar.addWorkingTime(claimed.handlingDueAt, resumed.pausedWorkingMs));
    await t.sleepUntil(ms(after(due, 5)) + HOUR);
    const events = t.events(caseId);
    expect(ofType(events, 'deadlineMissed').filter((m) => m.kind === 'handling').map((m) => m.at)).toEqual([due]);
    expect(escalations(events).filter(([trigger]) => trigger === 'overdue')).toEqual([
      ['overdue', 1, due, 'um-leader'],
      ['overdue', 2, after(due, 2), 'dl-wang'],
      ['overdue', 3, after(due, 5), 'top-1,top-2'],
    ]);
  });

  it('counts provisional deadlines again when a year is loaded, and its timeline says why', async () => {
    const { caseId, handle } = await t.startCaseOnMonday({ policyVersion: V, complexity: 'complex' });
    const act = caseActions(handle);
    await act.triage('district');
    await act.claim();
    const claimed = only(t.events(caseId), 'caseClaimed');
    // 30 working days from December reach well into 2027, counted Monday–Friday for now.
    const view = await t.view(handle);
    expect(view.provisionalDeadlines).toBe(true);
    expect(view.deadlines.find((d) => d.kind === 'handling')).toMatchObject({ dueAt: claimed.handlingDueAt, provisional: true });

    // The test server's clock is shared by every spec, so the year's schedule is made up around the
    // deadline: a one-day holiday (clearly a fixture) on the deadline's own day moves it by a day.
    const lastDay = shanghaiDateOf(ms(claimed.handlingDueAt) - 1);
    const year = Number(lastDay.slice(0, 4));
    const made: LoadedHolidaySchedule = {
      ...fixture2027,
      year,
      holidays: [{ name: 'fixture holiday', from: lastDay, to: lastDay }],
      adjustedWorkingDays: [],
    };
    const loaded = { loaded: year === 2027 ? [made] : [fixture2027, made] };
    t.calendarData = loaded;
    await handle.signal(calendarUpdatedSignal, { calendar: loaded, reason: '已载入节假日安排（测试数据）' });
    const recomputed = await waitForEvent(t, caseId, 'deadlinesRecomputed');
    const expectedDue = iso(calendarOf({ kind: 'chinaMainland' }, loaded).addWorkingDays(claimed.at, 30));
    expect(recomputed).toMatchObject({
      reason: '已载入节假日安排（测试数据）',
      calendar: { dataVersion: calendarDataVersion(loaded), coveredThrough: `${year}-12-31` },
    });
    expect(recomputed.changes.find((c) => c.kind === 'handling')).toEqual({
      deadlineId: expect.stringMatching(/^handling-/),
      kind: 'handling',
      from: claimed.handlingDueAt,
      to: expectedDue,
    });
    expect(ms(expectedDue)).toBeGreaterThan(ms(claimed.handlingDueAt));
    const after2027 = await t.view(handle);
    expect(after2027.provisionalDeadlines).toBe(false);
    expect(after2027.deadlines.find((d) => d.kind === 'handling')?.dueAt).toBe(expectedDue);

    // The same data again (a retried rollout) changes nothing.
    await handle.signal(calendarUpdatedSignal, { calendar: loaded, reason: 'again' });
    await act.submitPlan();
    expect(ofType(t.events(caseId), 'deadlinesRecomputed')).toHaveLength(1);
  });
});

async function waitForEvent<T extends CaseEvent['type']>(t: CaseWorkflowTestEnv, caseId: string, type: T) {
  for (let attempt = 0; attempt < 100; attempt++) {
    const found = ofType(t.events(caseId), type);
    if (found[0]) return found[0];
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`case ${caseId}: no ${type} recorded`);
}
