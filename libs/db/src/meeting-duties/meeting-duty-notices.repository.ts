import { meetingDutyOverdueEventOf, meetingDutyReminderEventOf, type GovernanceEventEnvelope } from '@bishan/contracts';
import type { MeetingDuty } from '@bishan/domain';
import { outboxRowOf } from '../outbox.repository';
import type { Database } from '../prisma-client';

/**
 * Writes meeting duty reminders and overdue notices into the outbox, each once: the event id
 * follows from the duty (and its period), so a run that repeats a day, or two runs at once, write
 * nothing twice. Answers how many of each were new.
 */
export class MeetingDutyNoticeRepository {
  constructor(private readonly db: Database) {}

  async appendOnce(notices: { reminders: readonly MeetingDuty[]; overdue: readonly MeetingDuty[]; at: string }): Promise<{ reminded: number; overdue: number }> {
    const reminded = await this.append(notices.reminders.map((d) => meetingDutyReminderEventOf(d, notices.at)));
    const overdue = await this.append(notices.overdue.map((d) => meetingDutyOverdueEventOf(d, notices.at)));
    return { reminded, overdue };
  }

  private async append(events: readonly GovernanceEventEnvelope[]): Promise<number> {
    let written = 0;
    for (let i = 0; i < events.length; i += 200) {
      const batch = events.slice(i, i + 200);
      written += await this.db.$transaction(async (tx) => {
        const known = new Set(
          (await tx.outboxEvent.findMany({ where: { eventId: { in: batch.map((e) => e.eventId) } }, select: { eventId: true } })).map((e) => e.eventId),
        );
        const fresh = batch.filter((e) => !known.has(e.eventId));
        // A concurrent run that wrote one of them first makes this transaction fail on the unique
        // event id; the activity's retry then finds it written and skips it.
        if (fresh.length > 0) await tx.outboxEvent.createMany({ data: fresh.map((e) => outboxRowOf(e, e.subjectId)) });
        return fresh.length;
      });
    }
    return written;
  }
}
