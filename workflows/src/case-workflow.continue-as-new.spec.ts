import { defaultPayloadConverter } from '@temporalio/common';
import { caseSnapshotQuery, type CaseWorkflowInput } from '@bishan/contracts';
import { addWorkingDays, deadlineFractionPoint } from '@bishan/domain';
import {
  CaseWorkflowTestEnv,
  HOUR,
  caseActions,
  iso,
  ms,
  only,
  oneTo,
  seqsOf,
  systemEvents,
  type CaseHandle,
} from './test-support/case-workflow-env';

// Three commands take a run to 53 history events (each recording is an activity task); the workflow
// task of the fourth starts past 53 (the length the workflow sees is the one at the start of its
// task), and that run hands over. The saved continue-as-new-first-run.json shows the counts.
const tuning = { historyEventsBeforeContinue: 53 };

describe('caseWorkflow: continue-as-new carries state and timers', () => {
  let t: CaseWorkflowTestEnv;

  beforeAll(async () => {
    t = await CaseWorkflowTestEnv.create();
  });

  // A failed assertion while the directory is held must not stall the next test.
  afterEach(() => t?.releaseDirectoryLoads());

  afterAll(async () => {
    await t?.teardown();
  });

  /** The run that follows `runId`, once there is one (bounded wait). */
  async function nextRun(handle: CaseHandle, runId: string): Promise<string> {
    for (let attempt = 0; attempt < 100; attempt++) {
      const current = (await handle.describe()).runId;
      if (current !== runId) return current;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return runId;
  }

  /** The input the run handed to its successor, or undefined if the run did not continue as new. */
  async function continuedWith(handle: CaseHandle, runId: string): Promise<CaseWorkflowInput | undefined> {
    const history = await t.client.workflow.getHandle(handle.workflowId, runId).fetchHistory();
    const last = history.events?.at(-1);
    const payload = last?.workflowExecutionContinuedAsNewEventAttributes?.input?.payloads?.[0];
    return payload ? defaultPayloadConverter.fromPayload<CaseWorkflowInput>(payload) : undefined;
  }

  it('hands state, event numbering and pending deadlines to the next run, whose timers fire at their exact times', async () => {
    const { caseId, handle } = await t.startCaseOnMonday({}, tuning);
    const firstRunId = handle.firstExecutionRunId;
    const act = caseActions(handle);
    await act.triage('district');
    await act.claim();
    await act.submitPlan();
    expect((await handle.describe()).runId).toBe(firstRunId);
    const claimed = only(t.events(caseId), 'caseClaimed');
    const dueAt = claimed.handlingDueAt;
    const reminderAt = (f: number) => iso(deadlineFractionPoint(claimed.at, dueAt, f));

    // The next run is held before it has loaded the directory.
    const release = t.holdDirectoryLoads();
    await act.flagConcentrated();
    // The run hands over once the flag is recorded, in the workflow task after the recording.
    const secondRunId = await nextRun(handle, firstRunId);
    expect(secondRunId).not.toBe(firstRunId);
    const carried = await continuedWith(handle, firstRunId);
    expect(carried).toMatchObject({ caseId, tuning, carried: { eventSeq: 6, state: { status: 'handling', concentrated: true } } });
    expect(carried?.carried?.state.deadlines.map((d) => [d.kind, d.dueAt])).toEqual([
      ['handling', dueAt],
      ['reminder', reminderAt(0.5)],
      ['reminder', reminderAt(0.8)],
    ]);
    // Even before it can consult the directory, the new run answers with the case it carries.
    expect(await handle.query(caseSnapshotQuery)).toMatchObject({
      eventSeq: 6,
      view: { status: 'handling', concentrated: true, nextDeadline: { kind: 'reminder', dueAt: reminderAt(0.5) } },
    });
    release();

    // Every deadline now fires in a later run, still exactly on time.
    const step2At = iso(addWorkingDays(dueAt, 2));
    await t.sleepUntil(ms(step2At) + HOUR);
    await t.settledEvents(handle);
    await act.reportResult();
    await act.giveFeedback();
    await act.rate('satisfied');
    const result = await handle.result();

    const events = t.events(caseId);
    expect(events.map((e) => e.type)).toEqual([
      'caseRaised',
      'caseEnteredLedger',
      'casePublished',
      'caseClaimed',
      'handlingPlanSubmitted',
      'caseFlaggedConcentrated',
      'reminderSent',
      'reminderSent',
      'deadlineMissed',
      'caseEscalated',
      'caseEscalated',
      'resultReported',
      'feedbackGiven',
      'caseRated',
      'caseClosed',
    ]);
    expect(systemEvents(events)).toEqual([
      ['reminderSent', reminderAt(0.5)],
      ['reminderSent', reminderAt(0.8)],
      ['deadlineMissed', dueAt],
      ['caseEscalated', dueAt],
      ['caseEscalated', step2At],
    ]);
    expect(seqsOf(t.sequenced(caseId))).toEqual(oneTo(15));
    expect(result).toEqual({ caseId, closure: 'satisfied', closedAt: only(events, 'caseClosed').at });

    // The second run handed over in turn (timers alone grow its history); its input carried the tuning on.
    const handedOn = await continuedWith(handle, secondRunId);
    expect(handedOn).toMatchObject({ caseId, tuning });
    expect(handedOn?.carried?.eventSeq).toBeGreaterThan(6);
    expect((await handle.describe()).runId).not.toBe(secondRunId);

    await t.saveHistory(handle, 'continue-as-new-first-run', firstRunId);
    await t.saveHistory(handle, 'continue-as-new-second-run', secondRunId);
  });

  it('keeps the limit above the floor, so a low setting cannot make runs hand over before doing anything', async () => {
    const { caseId, handle } = await t.startCaseOnMonday({}, { historyEventsBeforeContinue: 1 });
    const firstRunId = handle.firstExecutionRunId;
    await caseActions(handle).triage('village');
    // With a limit of 1, the triage would have handed over; the floor (30) keeps the run going.
    expect((await handle.describe()).runId).toBe(firstRunId);
    expect(await continuedWith(handle, firstRunId)).toBeUndefined();
    expect(seqsOf(t.sequenced(caseId))).toEqual(oneTo(3));
  });
});
