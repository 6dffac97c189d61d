import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { ledgerReviewRoundWorkflowType, ledgerReviewScheduleId } from '@bishan/contracts';

/** One schedule per task queue, like the others. */
export function ledgerReviewScheduleIdOf(taskQueue: string): string {
  return `${ledgerReviewScheduleId}:${taskQueue}`;
}

/**
 * 03:00 Shanghai on the 1st: the month just ended is reviewed, one review per town and department.
 * Rounds may overlap (last month's reviews run on as their own workflows anyway).
 */
export async function ensureLedgerReviewSchedule(client: Client, taskQueue: string): Promise<string> {
  const scheduleId = ledgerReviewScheduleIdOf(taskQueue);
  const spec = { calendars: [{ dayOfMonth: 1, hour: 3, minute: 0, comment: '对账销号: the month just ended' }], timezone: 'Asia/Shanghai' };
  const action = { type: 'startWorkflow' as const, workflowType: ledgerReviewRoundWorkflowType, taskQueue, args: [{}] };
  try {
    await client.schedule.create({ scheduleId, spec, action, policies: { overlap: ScheduleOverlapPolicy.ALLOW_ALL } });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await client.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, spec, action }));
  }
  return scheduleId;
}
