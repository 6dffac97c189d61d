import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { meetingDutyRemindersScheduleId, meetingDutyRemindersWorkflowType } from '@bishan/contracts';

/** One schedule per task queue, like the concentrated-issue sweep's. */
export function meetingDutyRemindersScheduleIdOf(taskQueue: string): string {
  return `${meetingDutyRemindersScheduleId}:${taskQueue}`;
}

/**
 * 08:00 Shanghai every day: duties about to fall due are reminded, those that ended short are told.
 * A day's run that is still going is not doubled; each notice is written once anyway.
 */
export async function ensureMeetingDutyRemindersSchedule(client: Client, taskQueue: string): Promise<string> {
  const scheduleId = meetingDutyRemindersScheduleIdOf(taskQueue);
  const spec = {
    calendars: [{ hour: 8, minute: 0, comment: '会议职责提醒: duties due within the policy’s window' }],
    timezone: 'Asia/Shanghai',
  };
  const action = { type: 'startWorkflow' as const, workflowType: meetingDutyRemindersWorkflowType, taskQueue, args: [{}] };
  try {
    await client.schedule.create({ scheduleId, spec, action, policies: { overlap: ScheduleOverlapPolicy.SKIP } });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await client.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, spec, action }));
  }
  return scheduleId;
}
