import { ApplicationFailure, continueAsNew, isCancellation, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  policyWhatIfStatusQuery,
  type PolicyWhatIfActivities,
  type PolicyWhatIfInput,
  type PolicyWhatIfStatus,
} from '@bishan/contracts/workflows';

const { countWhatIfCases, simulateWhatIfPage } = proxyActivities<PolicyWhatIfActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute', maximumAttempts: 10 },
});

// Marking the run finished must get through: it is what the console waits for.
const { finishWhatIf } = proxyActivities<PolicyWhatIfActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute' },
});

export const DEFAULT_WHAT_IF_BATCH = 100;
export const DEFAULT_WHAT_IF_PAGES_PER_RUN = 50;

/**
 * A draft policy over the recorded history (see policy-what-if.contract.ts): counts the cases raised
 * in the run's window, then simulates them page by page (each page merged into the stored report
 * by its activity, once), continuing as new every so many pages so that a long history keeps the
 * workflow's own history short; resumes where it stopped. Progress is the status query.
 */
export async function policyWhatIfWorkflow(input: PolicyWhatIfInput): Promise<PolicyWhatIfStatus> {
  const { runId, version, carried } = input;
  const batchSize = input.batchSize ?? DEFAULT_WHAT_IF_BATCH;
  const pagesPerRun = input.pagesPerRun ?? DEFAULT_WHAT_IF_PAGES_PER_RUN;
  const status: PolicyWhatIfStatus = {
    runId,
    version,
    phase: carried ? 'simulating' : 'counting',
    casesTotal: carried?.casesTotal ?? null,
    casesDone: carried?.casesDone ?? 0,
  };
  setHandler(policyWhatIfStatusQuery, () => status);

  // Where this run stops to continue as new; null when the history is done.
  let continueAfter: string | null = null;
  try {
    if (!carried) {
      status.casesTotal = (await countWhatIfCases({ runId })).casesTotal;
      status.phase = 'simulating';
    }
    let after = carried?.after ?? null;
    for (let pages = 1; ; pages++) {
      const page = await simulateWhatIfPage({ runId, after, limit: batchSize });
      status.casesDone = page.casesDone;
      if (page.nextCursor === null) break;
      after = page.nextCursor;
      if (pages >= pagesPerRun || workflowInfo().continueAsNewSuggested) {
        continueAfter = after;
        break;
      }
    }
  } catch (error) {
    if (isCancellation(error)) throw error;
    const message = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    await finishWhatIf({ runId, error: message });
    status.phase = 'failed';
    throw ApplicationFailure.nonRetryable(`the what-if ${runId} failed: ${message}`, 'WhatIfFailed');
  }
  if (continueAfter !== null) {
    return continueAsNew<typeof policyWhatIfWorkflow>({
      ...input,
      carried: { after: continueAfter, casesTotal: status.casesTotal ?? 0, casesDone: status.casesDone },
    });
  }
  await finishWhatIf({ runId });
  status.phase = 'completed';
  return status;
}
