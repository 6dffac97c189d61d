/** The daily run that reminds people of meeting duties about to fall due, and tells of those overdue. */
export const meetingDutyRemindersWorkflowType = 'meetingDutyRemindersWorkflow';
export const meetingDutyRemindersScheduleId = 'meeting-duty-reminders';

export interface MeetingDutyRemindersInput {
  /** The instant the duties are judged at; left out by the schedule: the run's own start. */
  asOf?: string;
}

export interface MeetingDutyRemindersResult {
  asOf: string;
  /** Reminders and overdue notices written this run (each duty gets each at most once). */
  reminded: number;
  overdue: number;
}

export interface MeetingDutyReminderActivities {
  /**
   * Judges the duties of the half-year (and year) the instant falls in, and of the half-year before
   * it, and writes a reminder for each one due within the policy's window and an overdue notice for
   * each one whose period ended short — each once, as governance events in the outbox.
   */
  remindMeetingDuties(input: { asOf: string }): Promise<MeetingDutyRemindersResult>;
}
