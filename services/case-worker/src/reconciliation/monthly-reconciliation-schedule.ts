import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { monthlyReconciliationScheduleId, monthlyReconciliationWorkflowType } from '@bishan/contracts';

/** One schedule per task queue, like the concentrated-issue sweep's. */
export function reconciliationScheduleId(taskQueue: string): string {
  return `${monthlyReconciliationScheduleId}:${taskQueue}`;
}

/**
 * 02:00 Shanghai on the 1st of every month: the run reconciles the month just ended. Runs overlap
 * on purpose — last month's may still await sign-off when the next one starts.
 */
export async function ensureMonthlyReconciliationSchedule(client: Client, taskQueue: string): Promise<string> {
  const scheduleId = reconciliationScheduleId(taskQueue);
  const spec = {
    calendars: [{ dayOfMonth: 1, hour: 2, minute: 0, comment: 'operations reconciliation (运行对账): the month just ended' }],
    timezone: 'Asia/Shanghai',
  };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: monthlyReconciliationWorkflowType,
    taskQueue,
    args: [{}],
  };
  try {
    await client.schedule.create({ scheduleId, spec, action, policies: { overlap: ScheduleOverlapPolicy.ALLOW_ALL } });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await client.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, spec, action }));
  }
  return scheduleId;
}
