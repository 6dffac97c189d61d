import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { calendarUpdatedSignal, caseWorkflowType, type CalendarRolloutActivities } from '@bishan/contracts';

/** Heartbeat (and report progress) every so many signals. */
const HEARTBEAT_EVERY = 100;

/**
 * Finds the running case workflows through Temporal's visibility (not the read model, which can lag
 * a case just started) and signals each. A case that closed in between is skipped.
 */
export function calendarRolloutActivities(client: Client, taskQueue: string): CalendarRolloutActivities {
  return {
    async signalOpenCases({ calendar, reason }) {
      const query = `WorkflowType = '${caseWorkflowType}' AND TaskQueue = '${taskQueue}' AND ExecutionStatus = 'Running'`;
      let signalled = 0;
      for await (const execution of client.workflow.list({ query })) {
        try {
          await client.workflow.getHandle(execution.workflowId).signal(calendarUpdatedSignal, { calendar, reason });
          signalled += 1;
        } catch (error) {
          if (!(error instanceof WorkflowNotFoundError)) throw error;
        }
        if (signalled % HEARTBEAT_EVERY === 0) Context.current().heartbeat({ signalled });
      }
      return { signalled };
    },
  };
}
