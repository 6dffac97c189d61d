import { proxyActivities, sleep } from '@temporalio/workflow';
import type { CaseActivities, CaseWorkflowInput, CaseWorkflowResult } from '@bishan/contracts';

const { recordEscalation } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

/**
 * One resident case. For now the loop is its first deadline only: if the claim window passes, the
 * case is escalated to the supervising district leader.
 */
export async function caseWorkflow(input: CaseWorkflowInput): Promise<CaseWorkflowResult> {
  const remainingMs = Date.parse(input.claimDeadlineAt) - Date.now();
  if (remainingMs > 0) await sleep(remainingMs);
  await recordEscalation({
    caseId: input.caseId,
    step: 1,
    reason: 'claim window ended without a claim',
    escalatedTo: 'supervising-district-leader',
    deadlineAt: input.claimDeadlineAt,
    occurredAt: new Date(Date.now()).toISOString(),
  });
  return { caseId: input.caseId, outcome: 'escalated' };
}
