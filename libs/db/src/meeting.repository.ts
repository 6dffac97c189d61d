import {
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
import type { Database } from './prisma-client';

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
 */
export class MeetingRepository {
  constructor(private readonly db: Database) {}

  async create(meeting: Meeting): Promise<void> {
    await this.db.meeting.create({ data: rowOf(meeting) });
  }

  async findById(id: string): Promise<Meeting | null> {
    const row = await this.db.meeting.findUnique({ where: { id } });
    return row ? meetingOf(row) : null;
  }

  /** Writes the attendance of a meeting that is still open; false if it was closed meanwhile. */
  async recordAttendance(meeting: Meeting): Promise<boolean> {
    if (!meeting.attendance) throw new Error(`meeting '${meeting.id}' has no attendance to record`);
    const { count } = await this.db.meeting.updateMany({
      where: { id: meeting.id, status: 'open' },
      data: {
        householdsAtHome: meeting.attendance.householdsAtHome,
        attendees: meeting.attendance.attendees,
      },
    });
    return count === 1;
  }

  /**
   * Writes the close of a meeting that is still open; false if another request closed it first,
   * so "only once" holds even when two closes race past the domain check.
   */
  async close(meeting: Meeting): Promise<boolean> {
    if (meeting.status !== 'closed' || !meeting.result || !meeting.closedAt) {
      throw new Error(`meeting '${meeting.id}' is not closed: nothing to store`);
    }
    const { count } = await this.db.meeting.updateMany({
      where: { id: meeting.id, status: 'open' },
      data: {
        status: 'closed',
        issuesRaised: meeting.result.issuesRaised,
        resolvedOnSpot: meeting.result.resolvedOnSpot,
        closedAt: new Date(meeting.closedAt),
      },
    });
    return count === 1;
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
