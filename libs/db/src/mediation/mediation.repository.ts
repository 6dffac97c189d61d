import { mediationFollowedUpEventOf, mediationRecordedEventOf } from '@bishan/contracts';
import {
  type Actor,
  type Mediation,
  type MediationMethod,
  type MediationOutcome,
  type MediationParty,
  type MediatorKind,
  type PlaceScope,
  type Role,
  mediationMethods,
  mediationOutcomes,
  mediatorKinds,
  roles,
} from '@bishan/domain';
import type { Prisma, Mediation as MediationRow } from '@prisma/client';
import { outboxRowOf } from '../outbox.repository';
import type { Database } from '../prisma-client';

/** The mediation list's filters; every one optional, all of them combined with AND. */
export interface MediationFilter {
  townId?: string;
  villageId?: string;
  caseId?: string;
  meetingId?: string;
  outcome?: MediationOutcome;
  /** Mediated on or after this Shanghai day. */
  from?: string;
  /** Mediated before this Shanghai day. */
  to?: string;
  /** Agreements whose follow-up is due on or before this day and not yet recorded. */
  followUpDueBy?: string;
  /** Whose list it is: only mediations in the reader's places. */
  visibleTo: PlaceScope;
}

/**
 * Stores mediations as the domain decided them; each change is written with its event in the
 * outbox, in one transaction, like meetings.
 */
export class MediationRepository {
  constructor(private readonly db: Database) {}

  async create(mediation: Mediation, actor: Actor): Promise<void> {
    await this.db.$transaction(async (tx) => {
      await tx.mediation.create({ data: rowOf(mediation) });
      const event = mediationRecordedEventOf(mediation, actor);
      await tx.outboxEvent.create({ data: outboxRowOf(event, event.subjectId) });
    });
  }

  async findById(id: string): Promise<Mediation | null> {
    const row = await this.db.mediation.findUnique({ where: { id } });
    return row ? mediationOf(row) : null;
  }

  /** Writes the follow-up unless one was written meanwhile (then false, and nothing is written). */
  async recordFollowUp(mediation: Mediation, actor: Actor): Promise<boolean> {
    const followUp = mediation.followUp;
    if (!followUp) throw new Error(`mediation '${mediation.id}' has no follow-up to store`);
    return this.db.$transaction(async (tx) => {
      const { count } = await tx.mediation.updateMany({
        where: { id: mediation.id, followUpCheckedOn: null },
        data: {
          followUpCheckedOn: followUp.checkedOn,
          followUpHeld: followUp.held,
          followUpNote: followUp.note ?? null,
          followUpBy: followUp.checkedBy,
          followUpRecordedAt: new Date(followUp.recordedAt),
        },
      });
      if (count !== 1) return false;
      const event = mediationFollowedUpEventOf(mediation, actor);
      await tx.outboxEvent.create({ data: outboxRowOf(event, event.subjectId) });
      return true;
    });
  }

  /** Latest mediated first; the id breaks ties so paging neither repeats nor skips one. */
  async list(filter: MediationFilter, limit: number, offset: number): Promise<{ items: Mediation[]; total: number }> {
    const where = whereOf(filter);
    const [rows, total] = await Promise.all([
      this.db.mediation.findMany({ where, orderBy: [{ mediatedOn: 'desc' }, { id: 'asc' }], take: limit, skip: offset }),
      this.db.mediation.count({ where }),
    ]);
    return { items: rows.map(mediationOf), total };
  }
}

function whereOf(filter: MediationFilter): Prisma.MediationWhereInput {
  const scope: Prisma.MediationWhereInput =
    filter.visibleTo === 'all'
      ? {}
      : { OR: [{ townId: { in: [...filter.visibleTo.townIds] } }, { villageId: { in: [...filter.visibleTo.villageIds] } }] };
  return {
    AND: [
      scope,
      {
        townId: filter.townId,
        villageId: filter.villageId,
        caseId: filter.caseId,
        meetingId: filter.meetingId,
        outcome: filter.outcome,
        mediatedOn: filter.from || filter.to ? { gte: filter.from, lt: filter.to } : undefined,
        ...(filter.followUpDueBy ? { followUpOn: { lte: filter.followUpDueBy }, followUpCheckedOn: null } : {}),
      },
    ],
  };
}

function rowOf(m: Mediation): Prisma.MediationCreateInput {
  return {
    id: m.id,
    caseId: m.caseId ?? null,
    meetingId: m.meetingId ?? null,
    townId: m.place.townId,
    villageId: m.place.villageId,
    courtyardId: m.place.courtyardId ?? null,
    placeDescription: m.place.description ?? null,
    subject: m.subject,
    parties: JSON.stringify(m.parties),
    mediatorKind: m.mediator.kind,
    mediatorName: m.mediator.name,
    mediatorPersonId: m.mediator.personId ?? null,
    mediatedOn: m.mediatedOn,
    method: m.method,
    outcome: m.outcome,
    agreement: m.agreement ?? null,
    followUpOn: m.followUpOn ?? null,
    recordedById: m.recordedBy.id,
    recordedByRole: m.recordedBy.role,
    recordedAt: new Date(m.recordedAt),
  };
}

function mediationOf(row: MediationRow): Mediation {
  const parties = JSON.parse(row.parties) as MediationParty[];
  return {
    id: row.id,
    ...(row.caseId ? { caseId: row.caseId } : {}),
    ...(row.meetingId ? { meetingId: row.meetingId } : {}),
    place: {
      townId: row.townId,
      villageId: row.villageId,
      ...(row.courtyardId ? { courtyardId: row.courtyardId } : {}),
      ...(row.placeDescription ? { description: row.placeDescription } : {}),
    },
    subject: row.subject,
    parties,
    mediator: {
      kind: oneOf<MediatorKind>(row, 'mediatorKind', mediatorKinds),
      name: row.mediatorName,
      ...(row.mediatorPersonId ? { personId: row.mediatorPersonId } : {}),
    },
    mediatedOn: row.mediatedOn,
    method: oneOf<MediationMethod>(row, 'method', mediationMethods),
    outcome: oneOf<MediationOutcome>(row, 'outcome', mediationOutcomes),
    ...(row.agreement ? { agreement: row.agreement } : {}),
    ...(row.followUpOn ? { followUpOn: row.followUpOn } : {}),
    ...(row.followUpCheckedOn !== null && row.followUpHeld !== null
      ? {
          followUp: {
            checkedOn: row.followUpCheckedOn,
            held: row.followUpHeld,
            ...(row.followUpNote ? { note: row.followUpNote } : {}),
            checkedBy: row.followUpBy ?? '',
            recordedAt: (row.followUpRecordedAt ?? row.recordedAt).toISOString(),
          },
        }
      : {}),
    recordedBy: { id: row.recordedById, role: oneOf<Role>(row, 'recordedByRole', roles) },
    recordedAt: row.recordedAt.toISOString(),
  };
}

/** A value the domain does not know is corrupt data, said loudly. */
function oneOf<T extends string>(row: MediationRow, column: keyof MediationRow, allowed: readonly T[]): T {
  const value = row[column];
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new Error(`mediation '${row.id}': ${column} '${String(value)}' is not one of ${allowed.join(', ')}`);
}
