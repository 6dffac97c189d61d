import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { caseSearchAttributesAtStart, caseWorkflowType, type CaseWorkflowInput } from '@bishan/contracts';

/**
 * Starts a case's workflow (workflow id = case id). A case id names one case for good: a second
 * start — a retried raise, the sweeper after the API's own start — finds it started and is done;
 * REJECT_DUPLICATE keeps a finished case (resolved on the spot) from being started over.
 * Returns false when the workflow already existed.
 */
export async function startCaseWorkflow(
  temporal: Client,
  taskQueue: string,
  input: CaseWorkflowInput,
  /** Give up after this long (the client otherwise retries an unreachable server for many seconds). */
  deadlineMs = 3_000,
): Promise<boolean> {
  try {
    await temporal.withDeadline(Date.now() + deadlineMs, () =>
      temporal.workflow.start(caseWorkflowType, {
        workflowId: input.caseId,
        taskQueue,
        args: [input],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        // The recorded raise's status, town, …: searchable from the start, a case closed on the spot too.
        typedSearchAttributes: caseSearchAttributesAtStart(input),
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return false;
    throw error;
  }
}
