import { randomUUID } from 'node:crypto';
import {
  meetingAttendanceRecordedEventOf,
  meetingClosedEventOf,
  meetingOpenedEventOf,
  type MeetingEventEnvelope,
} from '@bishan/contracts';
import {
  type Actor,
  type Meeting,
  type MeetingLevel,
  type MeetingMode,
  type MeetingStatus,
  type MeetingTopic,
  type Role,
  meetingLevels,
  meetingModes,
  meetingTopics,
  roles,
} from '@bishan/domain';
import type { Prisma, Meeting as MeetingRow } from '@prisma/client';
import { outboxRowOf } from './outbox.repository';
import type { Database } from './prisma-client';

/** A closed meeting as the meeting duties count it (libs/domain/src/meeting-duties: DutyMeeting). */
export interface ClosedMeeting {
  readonly id: string;
  readonly level: MeetingLevel;
  readonly convenerId: string;
  readonly townId: string | null;
  readonly villageId: string | null;
  readonly courtyardId: string | null;
  readonly closedAt: string | null;
}

/** The meeting list's filters; every one optional, all of them combined with AND. */
export interface MeetingFilter {
  level?: MeetingLevel;
  townId?: string;
  villageId?: string;
  status?: MeetingStatus;
  /** Scheduled at or after this instant. */
  scheduledFrom?: Date;
  /** Scheduled before this instant. */
  scheduledTo?: Date;
}

/**
 * Stores meetings as the domain decided them (`openMeeting`, `recordAttendance`, `closeMeeting`);
 * the rules live in the domain, this class only keeps a concurrent second writer from undoing a close.
 * Each change is written with its event in the outbox, in one transaction: a meeting never shows a
 * state whose event is not on its way to the broker, nor the reverse. `actor` is who made the change.
 */
export class MeetingRepository {
  constructor(private readonly db: Database) {}

  async create(meeting: Meeting, actor: Actor): Promise<void> {
    await this.db.$transaction(async (tx) => {
      await tx.meeting.create({ data: rowOf(meeting) });
      await appendToOutbox(tx, meetingOpenedEventOf(meeting, actor));
    });
  }

  async findById(id: string): Promise<Meeting | null> {
    const row = await this.db.meeting.findUnique({ where: { id } });
    return row ? meetingOf(row) : null;
  }

  /**
   * Writes the attendance of a meeting that is still open, recorded at `at`; false if it was closed
   * meanwhile (then nothing is written, the event neither).
   */
  async recordAttendance(meeting: Meeting, actor: Actor, at: Date): Promise<boolean> {
    const attendance = meeting.attendance;
    if (!attendance) throw new Error(`meeting '${meeting.id}' has no attendance to record`);
    return this.db.$transaction(async (tx) => {
      const { count } = await tx.meeting.updateMany({
        where: { id: meeting.id, status: 'open' },
        data: { householdsAtHome: attendance.householdsAtHome, attendees: attendance.attendees },
      });
      if (count !== 1) return false;
      await appendToOutbox(
        tx,
        meetingAttendanceRecordedEventOf(meeting, actor, at.toISOString(), randomUUID()),
      );
      return true;
    });
  }

  /**
   * Writes the close of a meeting that is still open; false if another request closed it first,
   * so "only once" holds even when two closes race past the domain check.
   */
  async close(meeting: Meeting, actor: Actor): Promise<boolean> {
    const { result, closedAt } = meeting;
    if (meeting.status !== 'closed' || !result || !closedAt) {
      throw new Error(`meeting '${meeting.id}' is not closed: nothing to store`);
    }
    return this.db.$transaction(async (tx) => {
      const { count } = await tx.meeting.updateMany({
        where: { id: meeting.id, status: 'open' },
        data: {
          status: 'closed',
          issuesRaised: result.issuesRaised,
          resolvedOnSpot: result.resolvedOnSpot,
          closedAt: new Date(closedAt),
        },
      });
      if (count !== 1) return false;
      await appendToOutbox(tx, meetingClosedEventOf(meeting, actor));
      return true;
    });
  }

  /**
   * Meetings closed in [from, to), as the meeting duties count them: who convened them where. A
   * district's year is a few thousand rows, read whole.
   */
  async closedBetween(from: Date, to: Date): Promise<ClosedMeeting[]> {
    const rows = await this.db.meeting.findMany({
      where: { status: 'closed', closedAt: { gte: from, lt: to } },
      select: { id: true, level: true, convenerId: true, townId: true, villageId: true, courtyardId: true, closedAt: true },
      orderBy: [{ closedAt: 'asc' }, { id: 'asc' }],
    });
    return rows.map((row) => ({
      id: row.id,
      level: oneOf<MeetingLevel>(row as MeetingRow, 'level', meetingLevels),
      convenerId: row.convenerId,
      townId: row.townId,
      villageId: row.villageId,
      courtyardId: row.courtyardId,
      closedAt: row.closedAt ? row.closedAt.toISOString() : null,
    }));
  }

  /** Latest scheduled first; the id breaks ties so paging neither repeats nor skips a meeting. */
  async list(
    filter: MeetingFilter,
    limit: number,
    offset: number,
  ): Promise<{ items: Meeting[]; total: number }> {
    const where = whereOf(filter);
    const [rows, total] = await Promise.all([
      this.db.meeting.findMany({
        where,
        orderBy: [{ scheduledAt: 'desc' }, { id: 'asc' }],
        take: limit,
        skip: offset,
      }),
      this.db.meeting.count({ where }),
    ]);
    return { items: rows.map(meetingOf), total };
  }
}

/** Meeting events go to the case topic, keyed by the meeting, so one meeting's events stay in order. */
async function appendToOutbox(tx: Prisma.TransactionClient, event: MeetingEventEnvelope): Promise<void> {
  await tx.outboxEvent.create({ data: outboxRowOf(event, event.meetingId) });
}

function whereOf(filter: MeetingFilter): Prisma.MeetingWhereInput {
  return {
    level: filter.level,
    townId: filter.townId,
    villageId: filter.villageId,
    status: filter.status,
    scheduledAt:
      filter.scheduledFrom || filter.scheduledTo
        ? { gte: filter.scheduledFrom, lt: filter.scheduledTo }
        : undefined,
  };
}

function rowOf(meeting: Meeting): Prisma.MeetingCreateInput {
  return {
    id: meeting.id,
    level: meeting.level,
    convenerId: meeting.convener.id,
    convenerRole: meeting.convener.role,
    scheduledAt: new Date(meeting.scheduledAt),
    townId: meeting.place?.townId ?? null,
    villageId: meeting.place?.villageId ?? null,
    courtyardId: meeting.place?.courtyardId ?? null,
    mode: meeting.mode,
    invitedHouseholds: meeting.invitedHouseholds,
    householdsAtHome: meeting.attendance?.householdsAtHome ?? null,
    attendees: meeting.attendance?.attendees ?? null,
    topics: JSON.stringify(meeting.topics),
    status: meeting.status,
    issuesRaised: meeting.result?.issuesRaised ?? null,
    resolvedOnSpot: meeting.result?.resolvedOnSpot ?? null,
    openedAt: new Date(meeting.openedAt),
    closedAt: meeting.closedAt ? new Date(meeting.closedAt) : null,
  };
}

function meetingOf(row: MeetingRow): Meeting {
  const topics: unknown = JSON.parse(row.topics);
  if (!Array.isArray(topics)) throw new Error(`meeting '${row.id}': topics is not a JSON array`);
  return {
    id: row.id,
    level: oneOf<MeetingLevel>(row, 'level', meetingLevels),
    convener: { id: row.convenerId, role: oneOf<Role>(row, 'convenerRole', roles) },
    scheduledAt: row.scheduledAt.toISOString(),
    ...(row.townId
      ? {
          place: {
            townId: row.townId,
            ...(row.villageId ? { villageId: row.villageId } : {}),
            ...(row.courtyardId ? { courtyardId: row.courtyardId } : {}),
          },
        }
      : {}),
    mode: oneOf<MeetingMode>(row, 'mode', meetingModes),
    invitedHouseholds: row.invitedHouseholds,
    topics: topics.map((topic: unknown) => oneOf<MeetingTopic>(row, 'topics', meetingTopics, topic)),
    status: oneOf<MeetingStatus>(row, 'status', ['open', 'closed']),
    ...(row.householdsAtHome !== null && row.attendees !== null
      ? { attendance: { householdsAtHome: row.householdsAtHome, attendees: row.attendees } }
      : {}),
    ...(row.issuesRaised !== null && row.resolvedOnSpot !== null
      ? { result: { issuesRaised: row.issuesRaised, resolvedOnSpot: row.resolvedOnSpot } }
      : {}),
    openedAt: row.openedAt.toISOString(),
    ...(row.closedAt ? { closedAt: row.closedAt.toISOString() } : {}),
  };
}

/** The columns are plain strings in SQLite: a value the domain does not know is corrupt data, said loudly. */
function oneOf<T extends string>(
  row: MeetingRow,
  column: keyof MeetingRow,
  allowed: readonly T[],
  value: unknown = row[column],
): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new Error(`meeting '${row.id}': ${column} '${String(value)}' is not one of ${allowed.join(', ')}`);
}
