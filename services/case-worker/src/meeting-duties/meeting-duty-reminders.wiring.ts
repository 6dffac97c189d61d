import type { MeetingDutyReminderActivities } from '@bishan/contracts/workflows';
import { MeetingDutyNoticeRepository, MeetingRepository, OrganisationRepository, type Database } from '@bishan/db';
import { createMeetingDutyReminderActivities } from './meeting-duty-reminders.activities';

/** The reminder run's activity over the real database: the organisation, the meetings, the outbox. */
export function meetingDutyReminderActivities(db: Database): MeetingDutyReminderActivities {
  const organisation = new OrganisationRepository(db);
  const meetings = new MeetingRepository(db);
  const notices = new MeetingDutyNoticeRepository(db);
  return createMeetingDutyReminderActivities({
    organisation: () => organisation.load(),
    meetingsClosedBetween: (from, to) => meetings.closedBetween(from, to),
    notify: (found) => notices.appendOnce(found),
  });
}
