import { randomUUID } from 'node:crypto';
import { Client, WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { policyWhatIfStatusQuery, type PolicyWhatIfActivities, type PolicyWhatIfStatus } from '@bishan/contracts';
import { emptyReport, getPolicy, initialState, mergeReports, whatIf, type CasePolicy, type RecordedCase, type WhatIfReport } from '@bishan/domain';
import { createTimeSkippingEnvironment, waitFor } from '@bishan/testing';
// The domain's own spec fixture: a small organisation and its actors.
import { T0, actors, directory, raiseCommand, run } from '../../libs/domain/src/test-support/org-fixture';
import { workflowSpanSinks } from '@bishan/service-runtime';
import { bundleCaseWorkflow } from './test-support/case-workflow-env';
import { policyWhatIfWorkflow } from './policy-what-if.workflow';

const UNTIL = '2025-04-30T00:00:00.000Z';
const draft: CasePolicy = { ...getPolicy('2025.1'), version: 'draft-1', claimWindowWorkingDays: 1 };

/** A case raised and published at T0; every other one claimed the next day. */
function recorded(n: number): RecordedCase {
  const caseId = `case-${String(n).padStart(2, '0')}`;
  const raisedAndPublished = run(initialState, T0, raiseCommand({ caseId }), { type: 'triageCase', actor: actors.laifengTriage, route: 'district' });
  if (n % 2 === 1) return { caseId, events: raisedAndPublished.events };
  const claimed = run(raisedAndPublished.state, '2025-03-04T02:00:00.000Z', { type: 'claimCase', actor: actors.umHandler });
  return { caseId, events: [...raisedAndPublished.events, ...claimed.events] };
}

/** The run's row and the recorded history in memory, with the domain's whatIf as the activity does. */
class InMemoryWhatIf {
  report: WhatIfReport = emptyReport(draft.version);
  cursor: string | null = null;
  casesDone = 0;
  finished: { error?: string }[] = [];
  pageCalls: (string | null)[] = [];
  /** Pages (by their `after`) whose activity fails after merging, once each: a retry must not merge twice. */
  failAfterMerge = new Set<string | null>();
  failForGood = false;

  constructor(readonly cases: RecordedCase[]) {}

  activities(): PolicyWhatIfActivities {
    return {
      countWhatIfCases: async () => ({ casesTotal: this.cases.length }),
      simulateWhatIfPage: async ({ after, limit }) => {
        this.pageCalls.push(after);
        if (this.failForGood) throw ApplicationFailure.nonRetryable('the timeline cannot be read', 'StoreUnavailable');
        if (this.cursor !== after) return { cases: 0, nextCursor: this.cursor, casesDone: this.casesDone };
        const page = this.cases.filter((c) => after === null || c.caseId > after).slice(0, limit);
        const last = page[page.length - 1];
        if (!last) return { cases: 0, nextCursor: null, casesDone: this.casesDone };
        this.report = mergeReports(this.report, whatIf(page, { draft, directory, until: UNTIL }));
        this.cursor = last.caseId;
        this.casesDone += page.length;
        if (this.failAfterMerge.delete(after)) throw new Error('the answer was lost after the commit');
        return { cases: page.length, nextCursor: page.length < limit ? null : last.caseId, casesDone: this.casesDone };
      },
      finishWhatIf: async (input) => {
        this.finished.push(input);
      },
    };
  }
}

describe('policyWhatIfWorkflow', () => {
  let env: TestWorkflowEnvironment;
  let bundle: WorkflowBundleWithSourceMap;
  let client: Client;

  beforeAll(async () => {
    [env, bundle] = await Promise.all([createTimeSkippingEnvironment(), bundleCaseWorkflow()]);
    client = new Client({ connection: env.connection });
  });

  afterAll(async () => {
    await env?.teardown();
  });

  async function withWorker<T>(store: InMemoryWhatIf, body: (taskQueue: string) => Promise<T>): Promise<T> {
    const taskQueue = `what-if-${randomUUID()}`;
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: bundle, activities: store.activities(), sinks: workflowSpanSinks() });
    return worker.runUntil(body(taskQueue));
  }

  it('simulates the history page by page, continuing as new, and ends with the report of all cases at once', async () => {
    const cases = Array.from({ length: 7 }, (_, i) => recorded(i));
    const store = new InMemoryWhatIf(cases);
    // The second page's answer is lost once after its merge: the retry merges nothing twice.
    store.failAfterMerge.add('case-01');
    const result = await withWorker(store, async (taskQueue) => {
      const handle = await client.workflow.start(policyWhatIfWorkflow, {
        workflowId: `policy-what-if:draft-1:${randomUUID()}`,
        taskQueue,
        args: [{ runId: 'run-1', version: 'draft-1', batchSize: 2, pagesPerRun: 2 }],
      });
      const result = await handle.result();
      // Continued as new: the run that finished is not the first.
      const description = await handle.describe();
      expect(description.runId).not.toBe(handle.firstExecutionRunId);
      return result;
    });
    expect(result).toEqual({ runId: 'run-1', version: 'draft-1', phase: 'completed', casesTotal: 7, casesDone: 7 });
    expect(store.pageCalls).toEqual([null, 'case-01', 'case-01', 'case-03', 'case-05']);
    expect(store.finished).toEqual([{ runId: 'run-1' }]);
    // Merged page by page (and across continue-as-new) it is the report of all the cases at once.
    expect(JSON.stringify(store.report)).toBe(JSON.stringify(whatIf(cases, { draft, directory, until: UNTIL })));
    expect(store.report.total.simulated.deadlinesMissed).toBeGreaterThan(store.report.total.actual.deadlinesMissed);
  });

  it('shows its progress through the status query while it runs', async () => {
    const store = new InMemoryWhatIf(Array.from({ length: 3 }, (_, i) => recorded(i)));
    const gate = { open: false };
    const activities = store.activities();
    const slowed: PolicyWhatIfActivities = {
      ...activities,
      simulateWhatIfPage: async (input) => {
        const page = await activities.simulateWhatIfPage(input);
        if (input.after !== null) await waitFor(async () => (gate.open ? true : undefined), { description: 'the gate', timeoutMs: 30_000, intervalMs: 20 });
        return page;
      },
    };
    const taskQueue = `what-if-${randomUUID()}`;
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: bundle, activities: slowed, sinks: workflowSpanSinks() });
    await worker.runUntil(async () => {
      const handle = await client.workflow.start(policyWhatIfWorkflow, {
        workflowId: `policy-what-if:draft-1:${randomUUID()}`,
        taskQueue,
        args: [{ runId: 'run-2', version: 'draft-1', batchSize: 1 }],
      });
      const midway = await waitFor(
        async () => {
          const status: PolicyWhatIfStatus = await handle.query(policyWhatIfStatusQuery);
          return status.casesDone === 1 ? status : undefined;
        },
        { description: 'one case done', timeoutMs: 30_000, intervalMs: 50 },
      );
      expect(midway).toEqual({ runId: 'run-2', version: 'draft-1', phase: 'simulating', casesTotal: 3, casesDone: 1 });
      gate.open = true;
      expect((await handle.result()).phase).toBe('completed');
    });
  });

  it('marks the run failed, with the reason, when the history cannot be read', async () => {
    const store = new InMemoryWhatIf([recorded(0)]);
    store.failForGood = true;
    await withWorker(store, async (taskQueue) => {
      const handle = await client.workflow.start(policyWhatIfWorkflow, {
        workflowId: `policy-what-if:draft-1:${randomUUID()}`,
        taskQueue,
        args: [{ runId: 'run-3', version: 'draft-1' }],
      });
      await expect(handle.result()).rejects.toThrow(WorkflowFailedError);
    });
    expect(store.finished).toEqual([{ runId: 'run-3', error: 'the timeline cannot be read' }]);
  });
});
