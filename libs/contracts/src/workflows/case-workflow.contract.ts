/**
 * What the API, the worker and tests share about the case workflow, without importing its code.
 * Workflow id = case id, so a retried start of the same case can never run the loop twice.
 */
export const caseWorkflowType = 'caseWorkflow';

export interface CaseWorkflowInput {
  caseId: string;
  /** ISO instant when the first deadline falls due (claim window end). */
  claimDeadlineAt: string;
}

export interface CaseWorkflowResult {
  caseId: string;
  outcome: 'escalated';
}
