import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { caseSnapshotQuery, caseWorkflowType, type MonthlyReconciliationActivities } from '@bishan/contracts';
import { ReconciliationRepository, type Database } from '@bishan/db';
import { createMonthlyReconciliationActivities } from './monthly-reconciliation.activities';

/** The reconciliation's activities over the real database and Temporal (queries and visibility). */
export function monthlyReconciliationActivities(db: Database, client: Client, taskQueue: string): MonthlyReconciliationActivities {
  return createMonthlyReconciliationActivities({
    store: new ReconciliationRepository(db),
    caseSnapshot: async (caseId) => {
      try {
        return await client.workflow.getHandle(caseId).query(caseSnapshotQuery);
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) return 'missing';
        throw error;
      }
    },
    caseWorkflowIds: async ({ start, end }) => {
      const query =
        `WorkflowType = '${caseWorkflowType}' AND TaskQueue = '${taskQueue}' AND ` +
        `(ExecutionStatus = 'Running' OR (StartTime >= '${start.toISOString()}' AND StartTime < '${end.toISOString()}'))`;
      const ids = new Set<string>();
      for await (const execution of client.workflow.list({ query })) ids.add(execution.workflowId);
      return [...ids];
    },
    settle: () => new Promise((resolve) => setTimeout(resolve, 1_000)),
    clock: () => new Date(),
  });
}
