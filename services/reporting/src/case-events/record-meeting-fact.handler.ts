import type { MeetingEvent } from '@bishan/contracts';
import type { Prisma, ProcessedEvents } from '@bishan/db';
import { REPORTING_CONSUMER } from './record-case-fact.handler';

/** Folds a meeting event into the meeting's reporting row, once per event id, like the case facts. */
export async function recordMeetingFact(
  processed: ProcessedEvents,
  event: MeetingEvent,
): Promise<'applied' | 'duplicate'> {
  return processed.applyOnce(REPORTING_CONSUMER, event.eventId, (tx) => applyMeetingEvent(tx, event));
}

async function applyMeetingEvent(tx: Prisma.TransactionClient, event: MeetingEvent): Promise<void> {
  const where = { meetingId: event.meetingId };
  switch (event.type) {
    case 'meeting.opened': {
      const p = event.payload;
      const facts = {
        level: p.level,
        mode: p.mode,
        convenerId: p.convener.id,
        convenerRole: p.convener.role,
        townId: p.place?.townId ?? null,
        villageId: p.place?.villageId ?? null,
        courtyardId: p.place?.courtyardId ?? null,
        scheduledAt: new Date(p.scheduledAt),
        openedAt: new Date(p.at),
        invitedHouseholds: p.invitedHouseholds,
      };
      await tx.reportingMeetingFact.upsert({ where, create: { ...where, ...facts }, update: facts });
      return;
    }
    case 'meeting.attendanceRecorded':
      // A correction replaces the earlier count. Without the opening (a meeting older than its
      // events) there is no row yet; the close brings the attendance along.
      await tx.reportingMeetingFact.updateMany({
        where,
        data: { householdsAtHome: event.payload.householdsAtHome, attendees: event.payload.attendees },
      });
      return;
    case 'meeting.closed': {
      const p = event.payload;
      const facts = {
        level: p.level,
        mode: p.mode,
        convenerId: p.convener.id,
        convenerRole: p.convener.role,
        townId: p.place?.townId ?? null,
        villageId: p.place?.villageId ?? null,
        courtyardId: p.place?.courtyardId ?? null,
        invitedHouseholds: p.invitedHouseholds,
        householdsAtHome: p.attendance?.householdsAtHome ?? null,
        attendees: p.attendance?.attendees ?? null,
        issuesRaised: p.result.issuesRaised,
        resolvedOnSpot: p.result.resolvedOnSpot,
        closedAt: new Date(p.at),
      };
      await tx.reportingMeetingFact.upsert({ where, create: { ...where, ...facts }, update: facts });
      return;
    }
    default:
      return assertNever(event);
  }
}

function assertNever(event: never): never {
  throw new Error(`unhandled meeting event ${JSON.stringify(event)}`);
}
