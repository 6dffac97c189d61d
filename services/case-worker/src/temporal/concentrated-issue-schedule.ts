import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { concentratedIssueSweepScheduleId, concentratedIssueSweepWorkflowType } from '@bishan/contracts';

/** One schedule per task queue, so workers of another deployment or test never repoint it. */
export function sweepScheduleId(taskQueue: string): string {
  return `${concentratedIssueSweepScheduleId}:${taskQueue}`;
}

/**
 * Creates the sweep's schedule, or brings an existing one to the configured interval. Overlapping
 * runs are skipped: a slow sweep is never doubled.
 */
export async function ensureConcentratedIssueSchedule(client: Client, taskQueue: string, intervalMinutes: number): Promise<string> {
  const scheduleId = sweepScheduleId(taskQueue);
  const spec = { intervals: [{ every: `${intervalMinutes} minutes` as const }] };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: concentratedIssueSweepWorkflowType,
    taskQueue,
    args: [],
  };
  try {
    await client.schedule.create({ scheduleId, spec, action, policies: { overlap: ScheduleOverlapPolicy.SKIP } });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await client.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, spec, action }));
  }
  return scheduleId;
}
