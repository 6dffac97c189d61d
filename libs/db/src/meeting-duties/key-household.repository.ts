import { type KeyHousehold, type KeyHouseholdKind, type PlaceScope, type Role, keyHouseholdKinds, roles } from '@bishan/domain';
import type { Prisma, KeyHousehold as KeyHouseholdRow } from '@prisma/client';
import type { Database } from '../prisma-client';

export interface KeyHouseholdFilter {
  villageId?: string;
  courtyardId?: string;
  /** Retired households too (default: active ones only). */
  includeRetired?: boolean;
  /** Whose list it is: only households in the reader's places. */
  visibleTo: PlaceScope;
}

/** Key households (四必到四必访) and the meetings that visited them, as the domain decided them. */
export class KeyHouseholdRepository {
  constructor(private readonly db: Database) {}

  async create(household: KeyHousehold): Promise<void> {
    await this.db.keyHousehold.create({ data: rowOf(household) });
  }

  async findById(id: string): Promise<KeyHousehold | null> {
    const row = await this.db.keyHousehold.findUnique({ where: { id } });
    return row ? householdOf(row) : null;
  }

  /** Marks it retired unless it already was (then false). */
  async retire(household: KeyHousehold): Promise<boolean> {
    if (!household.retiredAt) throw new Error(`household '${household.id}' is not retired: nothing to store`);
    const { count } = await this.db.keyHousehold.updateMany({
      where: { id: household.id, retiredAt: null },
      data: { retiredAt: new Date(household.retiredAt) },
    });
    return count === 1;
  }

  /** By village and courtyard, then by name. */
  async list(filter: KeyHouseholdFilter): Promise<KeyHousehold[]> {
    const scope: Prisma.KeyHouseholdWhereInput =
      filter.visibleTo === 'all'
        ? {}
        : { OR: [{ townId: { in: [...filter.visibleTo.townIds] } }, { villageId: { in: [...filter.visibleTo.villageIds] } }] };
    const rows = await this.db.keyHousehold.findMany({
      where: {
        AND: [scope, { villageId: filter.villageId, courtyardId: filter.courtyardId, ...(filter.includeRetired ? {} : { retiredAt: null }) }],
      },
      orderBy: [{ villageId: 'asc' }, { courtyardId: 'asc' }, { name: 'asc' }, { id: 'asc' }],
    });
    return rows.map(householdOf);
  }

  /** The households of the villages named (active and retired: coverage decides which count). */
  async ofVillages(villageIds: readonly string[]): Promise<KeyHousehold[]> {
    const rows = await this.db.keyHousehold.findMany({ where: { villageId: { in: [...villageIds] } } });
    return rows.map(householdOf);
  }

  /** Writes the visits of a meeting; one already recorded stays as it was. Answers every household it visited. */
  async recordVisits(meetingId: string, householdIds: readonly string[], by: string, at: Date): Promise<string[]> {
    return this.db.$transaction(async (tx) => {
      const known = new Set((await tx.meetingKeyHouseholdVisit.findMany({ where: { meetingId }, select: { householdId: true } })).map((v) => v.householdId));
      const added = householdIds.filter((id) => !known.has(id));
      if (added.length > 0)
        await tx.meetingKeyHouseholdVisit.createMany({ data: added.map((householdId) => ({ meetingId, householdId, recordedById: by, recordedAt: at })) });
      return [...known, ...added].sort();
    });
  }

  async visitsOf(meetingId: string): Promise<string[]> {
    const rows = await this.db.meetingKeyHouseholdVisit.findMany({ where: { meetingId }, orderBy: { householdId: 'asc' } });
    return rows.map((v) => v.householdId);
  }

  /** The households visited by visits recorded in [from, to): a period's coverage. */
  async visitedBetween(from: Date, to: Date): Promise<Set<string>> {
    const rows = await this.db.meetingKeyHouseholdVisit.findMany({
      where: { recordedAt: { gte: from, lt: to } },
      select: { householdId: true },
      distinct: ['householdId'],
    });
    return new Set(rows.map((v) => v.householdId));
  }
}

function rowOf(h: KeyHousehold): Prisma.KeyHouseholdCreateInput {
  return {
    id: h.id,
    townId: h.townId,
    villageId: h.villageId,
    courtyardId: h.courtyardId,
    name: h.name,
    kinds: JSON.stringify(h.kinds),
    note: h.note ?? null,
    registeredById: h.registeredBy.id,
    registeredByRole: h.registeredBy.role,
    registeredAt: new Date(h.registeredAt),
    retiredAt: h.retiredAt ? new Date(h.retiredAt) : null,
  };
}

function householdOf(row: KeyHouseholdRow): KeyHousehold {
  const kinds = JSON.parse(row.kinds) as unknown;
  if (!Array.isArray(kinds) || kinds.some((k) => !(keyHouseholdKinds as readonly unknown[]).includes(k)))
    throw new Error(`key household '${row.id}': kinds ${row.kinds} are not all known`);
  if (!(roles as readonly string[]).includes(row.registeredByRole))
    throw new Error(`key household '${row.id}': role '${row.registeredByRole}' is not known`);
  return {
    id: row.id,
    townId: row.townId,
    villageId: row.villageId,
    courtyardId: row.courtyardId,
    name: row.name,
    kinds: kinds as KeyHouseholdKind[],
    ...(row.note ? { note: row.note } : {}),
    registeredBy: { id: row.registeredById, role: row.registeredByRole as Role },
    registeredAt: row.registeredAt.toISOString(),
    ...(row.retiredAt ? { retiredAt: row.retiredAt.toISOString() } : {}),
  };
}
