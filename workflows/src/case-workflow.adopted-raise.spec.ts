import { caseSnapshotQuery } from '@bishan/contracts';
import { decide, type RaiseCase } from '@bishan/domain';
import { randomUUID } from 'node:crypto';
import { directory, raiseCommand } from '../../libs/domain/src/test-support/org-fixture';
import { CaseWorkflowTestEnv, caseActions, nextMondayTenAm, oneTo, seqsOf } from './test-support/case-workflow-env';
import { caseWorkflow } from './case.workflow';

// The case API decides and records the raise itself, then starts the workflow with those events:
// the workflow adopts them (no second decision, no recording of them), and a case resolved on the
// spot ends in its first workflow task, without loading anything.
describe('caseWorkflow adopting a raise its starter recorded', () => {
  let t: CaseWorkflowTestEnv;

  beforeAll(async () => {
    t = await CaseWorkflowTestEnv.create();
  });

  afterAll(async () => {
    await t?.teardown();
  });

  async function startRecorded(overrides: Partial<RaiseCase>) {
    const at = nextMondayTenAm(await t.now());
    await t.sleepUntil(at);
    const caseId = `case-${randomUUID()}`;
    const raise = raiseCommand({ caseId, policyVersion: '2026.2', ...overrides });
    const decision = decide({ status: 'notRaised', deadlines: [], deadlineSeq: 0, pause: null }, raise, { now: at, directory });
    if (!decision.ok) throw new Error(decision.reason);
    const events = decision.events.map((event, i) => ({ seq: i + 1, event }));
    const handle = await t.client.workflow.start(caseWorkflow, {
      workflowId: caseId,
      taskQueue: t.taskQueue,
      args: [{ caseId, raise, recorded: { events } }],
    });
    return { caseId, handle, events };
  }

  it('answers with the recorded case at once and records only what comes after it', async () => {
    const { caseId, handle, events } = await startRecorded({});
    const first = await handle.query(caseSnapshotQuery);
    expect(first).toMatchObject({ eventSeq: 2, view: { status: 'inLedger', policyVersion: '2026.2' } });
    await caseActions(handle).triage('district');
    const recorded = t.sequenced(caseId);
    // Nothing of the raise was recorded again; the triage carries on the numbering.
    expect(seqsOf(recorded)).toEqual([3]);
    expect(recorded[0]?.event.type).toBe('casePublished');
    expect(oneTo(3).slice(0, 2)).toEqual(events.map((e) => e.seq));
  });

  it('ends a case resolved on the spot in its first task: no activity, no timer', async () => {
    const { caseId, handle } = await startRecorded({ resolvedOnSpot: { summary: '现场清扫完毕' } });
    const result = await handle.result();
    expect(result).toMatchObject({ caseId, closure: 'resolvedOnSpot' });
    const history = await handle.fetchHistory();
    const events = history.events ?? [];
    const count = (has: (e: (typeof events)[number]) => unknown) => events.filter(has).length;
    expect([
      count((e) => e.activityTaskScheduledEventAttributes),
      count((e) => e.markerRecordedEventAttributes),
      count((e) => e.timerStartedEventAttributes),
      count((e) => e.workflowTaskCompletedEventAttributes),
      count((e) => e.workflowExecutionCompletedEventAttributes),
    ]).toEqual([0, 0, 0, 1, 1]);
    expect(t.sequenced(caseId)).toEqual([]);
  });
});
