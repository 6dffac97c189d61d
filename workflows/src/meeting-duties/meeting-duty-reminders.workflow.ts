import { proxyActivities } from '@temporalio/workflow';
import type {
  MeetingDutyReminderActivities,
  MeetingDutyRemindersInput,
  MeetingDutyRemindersResult,
} from '@bishan/contracts/workflows';

const { remindMeetingDuties } = proxyActivities<MeetingDutyReminderActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '10 seconds', maximumInterval: '5 minutes', maximumAttempts: 20 },
});

/**
 * Once a day (the worker's schedule): reminds the holders of meeting duties about to fall due and
 * tells of those whose period ended short. The rules and who hears what are the domain's and the
 * notification service's; each duty is reminded once and told overdue once, however often this runs.
 */
export async function meetingDutyRemindersWorkflow(input: MeetingDutyRemindersInput = {}): Promise<MeetingDutyRemindersResult> {
  return remindMeetingDuties({ asOf: input.asOf ?? new Date(Date.now()).toISOString() });
}
