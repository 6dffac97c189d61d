import type { Prisma } from '@prisma/client';
import type { Database } from '../prisma-client';
import type {
  BishanOrganisation,
  Courtyard,
  DepartmentKind,
  DistrictLeader,
  GeoPoint,
  OrgDepartment,
  OrgTown,
  TownKind,
  Village,
  VillageKind,
} from './types';

type Tx = Prisma.TransactionClient;

/** The single revision row; inserting it is also what makes one seeder win. */
const REVISION_ID = 'organisation';
/** Seeding writes ~1,700 rows in one transaction: more than Prisma's 5 s default on a busy machine. */
const SEED_TRANSACTION = { maxWait: 30_000, timeout: 120_000 };
const EDIT_TRANSACTION = { maxWait: 10_000, timeout: 30_000 };

/** Why an edit was refused; the field is named as the request names it, and nothing was written. */
export type OrganisationEditRefusal = 'not-found' | 'already-exists' | 'invalid-reference';

export class OrganisationEditRefused extends Error {
  constructor(
    readonly refusal: OrganisationEditRefusal,
    readonly field: string,
    detail: string,
  ) {
    super(detail);
    this.name = 'OrganisationEditRefused';
  }
}

export interface TownCreate {
  readonly id: string;
  readonly name: string;
  readonly kind: TownKind;
  readonly location: GeoPoint;
  readonly leaderIds: readonly string[];
  readonly triageMemberIds: readonly string[];
  /** Every town needs a linked district leader (overdue town cases escalate to the first). */
  readonly linkedDistrictLeaderIds: readonly string[];
}
export type TownUpdate = Partial<Omit<TownCreate, 'id' | 'linkedDistrictLeaderIds'>>;

export interface VillageCreate {
  readonly id: string;
  readonly name: string;
  readonly kind: VillageKind;
  readonly townId: string;
  readonly secretaryId: string;
  readonly location: GeoPoint;
}
export type VillageUpdate = Partial<Omit<VillageCreate, 'id'>>;

export interface CourtyardCreate {
  readonly id: string;
  readonly name: string;
  readonly villageId: string;
  readonly group: number;
  readonly cadreIds: readonly string[];
}
export type CourtyardUpdate = Partial<Omit<CourtyardCreate, 'id'>>;

export interface DepartmentCreate {
  readonly id: string;
  readonly name: string;
  readonly kind: DepartmentKind;
  readonly dutyCategories: readonly string[];
  readonly leaderIds: readonly string[];
  readonly handlerIds: readonly string[];
  /** The department joins this district leader's portfolio (and leaves any other). */
  readonly supervisingLeaderId: string;
}
export type DepartmentUpdate = Partial<Omit<DepartmentCreate, 'id'>>;

export interface DistrictLeaderUpdate {
  readonly title?: string;
  readonly linkedTownIds?: readonly string[];
  /** Departments added here leave their previous portfolio; one dropped must be in another. */
  readonly departmentIds?: readonly string[];
}

const ids = (json: string): string[] => JSON.parse(json) as string[];
const json = (values: readonly string[]): string => JSON.stringify(values);

/**
 * The organisation in its tables (`Org*`): loaded whole as the `BishanOrganisation` the code uses,
 * seeded once from the embedded default, and edited one record at a time. Every edit checks its
 * references inside its transaction and moves the revision there too, so a reader that sees the
 * new revision sees the edit, and a refused edit writes nothing.
 */
export class OrganisationRepository {
  constructor(
    private readonly db: Database,
    /** Runs inside every edit's transaction after the change: the edit's audit entry commits with it. */
    private readonly onEdit?: (tx: Tx) => Promise<unknown>,
  ) {}

  /** The same tables, each edit of which also runs `onEdit` in its transaction (an audit entry). */
  withinEdit(onEdit: (tx: Tx) => Promise<unknown>): OrganisationRepository {
    return new OrganisationRepository(this.db, onEdit);
  }

  /** The current revision, or null before seeding: cheap enough to poll. */
  async revision(): Promise<number | null> {
    const row = await this.db.orgRevision.findUnique({ where: { id: REVISION_ID } });
    return row?.revision ?? null;
  }

  /**
   * Writes `organisation` when the tables are empty; returns whether this call wrote it. Safe when
   * several processes start at once: each inserts the revision row first, in the same transaction
   * as the rest, so all but one fail on its primary key (PostgreSQL makes the others wait for the
   * winner's commit; SQLite serialises writers) and leave the winner's rows alone.
   */
  async seedIfEmpty(organisation: BishanOrganisation, by = 'seed'): Promise<boolean> {
    if ((await this.revision()) !== null) return false;
    try {
      await this.db.$transaction(async (tx) => {
        await tx.orgRevision.create({ data: { id: REVISION_ID, revision: 1, updatedAt: new Date(), updatedBy: by } });
        await this.write(tx, organisation);
      }, SEED_TRANSACTION);
      return true;
    } catch (error) {
      // By code, not class: the PostgreSQL client's error classes are its own.
      if ((error as { code?: unknown } | null)?.code === 'P2002') return false;
      throw error;
    }
  }

  /** The whole organisation, in the order it was seeded (new records last). Throws before seeding. */
  async load(): Promise<BishanOrganisation> {
    const [district, tops, leaders, towns, villages, courtyards, departments] = await Promise.all([
      this.db.orgDistrict.findFirst(),
      this.db.orgTopDistrictLeader.findMany({ orderBy: { position: 'asc' } }),
      this.db.orgDistrictLeader.findMany({ orderBy: { position: 'asc' } }),
      this.db.orgTown.findMany({ orderBy: { position: 'asc' } }),
      this.db.orgVillage.findMany({ orderBy: { position: 'asc' } }),
      this.db.orgCourtyard.findMany({ orderBy: { position: 'asc' } }),
      this.db.orgDepartment.findMany({ orderBy: { position: 'asc' } }),
    ]);
    if (!district) throw new Error('the organisation tables are empty: seed them first (OrganisationRepository.seedIfEmpty)');

    const districtLeaders: DistrictLeader[] = leaders.map((l) => ({
      id: l.id,
      title: l.title,
      linkedTownIds: ids(l.linkedTownIds),
      departmentIds: ids(l.departmentIds),
    }));
    const townOfVillage = new Map(villages.map((v) => [v.id, v.townId]));
    return {
      district: {
        id: district.id,
        name: district.name,
        seatTownId: district.seatTownId,
        seat: { lat: district.seatLat, lon: district.seatLon },
        areaKm2: district.areaKm2,
      },
      topDistrictLeaders: tops.map((t) => ({ id: t.id, title: t.title })),
      districtLeaders,
      towns: towns.map(
        (t): OrgTown => ({
          id: t.id,
          name: t.name,
          kind: t.kind as TownKind,
          location: { lat: t.lat, lon: t.lon },
          leaderIds: ids(t.leaderIds),
          triageMemberIds: ids(t.triageMemberIds),
          // Derived, never stored: the leaders are in rank order, so the first is the primary link.
          linkedDistrictLeaderIds: districtLeaders.filter((l) => l.linkedTownIds.includes(t.id)).map((l) => l.id),
        }),
      ),
      villages: villages.map(
        (v): Village => ({
          id: v.id,
          name: v.name,
          kind: v.kind as VillageKind,
          townId: v.townId,
          secretaryId: v.secretaryId,
          location: { lat: v.lat, lon: v.lon },
        }),
      ),
      courtyards: courtyards.map(
        (c): Courtyard => ({
          id: c.id,
          name: c.name,
          villageId: c.villageId,
          townId: townOfVillage.get(c.villageId) ?? '',
          group: c.residentGroup,
          cadreIds: ids(c.cadreIds),
        }),
      ),
      departments: departments.map(
        (d): OrgDepartment => ({
          id: d.id,
          name: d.name,
          kind: d.kind as DepartmentKind,
          dutyCategories: ids(d.dutyCategories),
          leaderIds: ids(d.leaderIds),
          handlerIds: ids(d.handlerIds),
          supervisingLeaderId: districtLeaders.find((l) => l.departmentIds.includes(d.id))?.id ?? '',
        }),
      ),
    };
  }

  // ---- edits: each one transaction, references checked inside it, the revision moved with it ----

  createTown(input: TownCreate, by: string): Promise<void> {
    return this.edit(by, async (tx) => {
      if (await tx.orgTown.findUnique({ where: { id: input.id } })) throw exists('id', 'town', input.id);
      const leaders = await this.districtLeadersNamed(tx, input.linkedDistrictLeaderIds, 'linkedDistrictLeaderIds');
      await tx.orgTown.create({
        data: {
          id: input.id,
          name: input.name,
          kind: input.kind,
          lat: input.location.lat,
          lon: input.location.lon,
          leaderIds: json(input.leaderIds),
          triageMemberIds: json(input.triageMemberIds),
          position: await nextPosition(tx.orgTown),
        },
      });
      for (const leader of leaders) {
        await tx.orgDistrictLeader.update({
          where: { id: leader.id },
          data: { linkedTownIds: json([...ids(leader.linkedTownIds), input.id]) },
        });
      }
    });
  }

  updateTown(id: string, input: TownUpdate, by: string): Promise<void> {
    return this.edit(by, async (tx) => {
      if (!(await tx.orgTown.findUnique({ where: { id } }))) throw notFound('id', 'town', id);
      await tx.orgTown.update({
        where: { id },
        data: {
          name: input.name,
          kind: input.kind,
          lat: input.location?.lat,
          lon: input.location?.lon,
          leaderIds: input.leaderIds && json(input.leaderIds),
          triageMemberIds: input.triageMemberIds && json(input.triageMemberIds),
        },
      });
    });
  }

  createVillage(input: VillageCreate, by: string): Promise<void> {
    return this.edit(by, async (tx) => {
      if (await tx.orgVillage.findUnique({ where: { id: input.id } })) throw exists('id', 'village', input.id);
      await requireTown(tx, input.townId);
      await tx.orgVillage.create({
        data: {
          id: input.id,
          name: input.name,
          kind: input.kind,
          townId: input.townId,
          secretaryId: input.secretaryId,
          lat: input.location.lat,
          lon: input.location.lon,
          position: await nextPosition(tx.orgVillage),
        },
      });
    });
  }

  updateVillage(id: string, input: VillageUpdate, by: string): Promise<void> {
    return this.edit(by, async (tx) => {
      if (!(await tx.orgVillage.findUnique({ where: { id } }))) throw notFound('id', 'village', id);
      if (input.townId !== undefined) await requireTown(tx, input.townId);
      await tx.orgVillage.update({
        where: { id },
        data: {
          name: input.name,
          kind: input.kind,
          townId: input.townId,
          secretaryId: input.secretaryId,
          lat: input.location?.lat,
          lon: input.location?.lon,
        },
      });
    });
  }

  createCourtyard(input: CourtyardCreate, by: string): Promise<void> {
    return this.edit(by, async (tx) => {
      if (await tx.orgCourtyard.findUnique({ where: { id: input.id } })) throw exists('id', 'courtyard', input.id);
      await requireVillage(tx, input.villageId);
      await tx.orgCourtyard.create({
        data: {
          id: input.id,
          name: input.name,
          villageId: input.villageId,
          residentGroup: input.group,
          cadreIds: json(input.cadreIds),
          position: await nextPosition(tx.orgCourtyard),
        },
      });
    });
  }

  updateCourtyard(id: string, input: CourtyardUpdate, by: string): Promise<void> {
    return this.edit(by, async (tx) => {
      if (!(await tx.orgCourtyard.findUnique({ where: { id } }))) throw notFound('id', 'courtyard', id);
      if (input.villageId !== undefined) await requireVillage(tx, input.villageId);
      await tx.orgCourtyard.update({
        where: { id },
        data: {
          name: input.name,
          villageId: input.villageId,
          residentGroup: input.group,
          cadreIds: input.cadreIds && json(input.cadreIds),
        },
      });
    });
  }

  createDepartment(input: DepartmentCreate, by: string): Promise<void> {
    return this.edit(by, async (tx) => {
      if (await tx.orgDepartment.findUnique({ where: { id: input.id } })) throw exists('id', 'department', input.id);
      const [supervisor] = await this.districtLeadersNamed(tx, [input.supervisingLeaderId], 'supervisingLeaderId');
      await tx.orgDepartment.create({
        data: {
          id: input.id,
          name: input.name,
          kind: input.kind,
          dutyCategories: json(input.dutyCategories),
          leaderIds: json(input.leaderIds),
          handlerIds: json(input.handlerIds),
          position: await nextPosition(tx.orgDepartment),
        },
      });
      if (supervisor) await movePortfolio(tx, input.id, supervisor.id);
    });
  }

  updateDepartment(id: string, input: DepartmentUpdate, by: string): Promise<void> {
    return this.edit(by, async (tx) => {
      if (!(await tx.orgDepartment.findUnique({ where: { id } }))) throw notFound('id', 'department', id);
      if (input.supervisingLeaderId !== undefined) {
        await this.districtLeadersNamed(tx, [input.supervisingLeaderId], 'supervisingLeaderId');
        await movePortfolio(tx, id, input.supervisingLeaderId);
      }
      await tx.orgDepartment.update({
        where: { id },
        data: {
          name: input.name,
          kind: input.kind,
          dutyCategories: input.dutyCategories && json(input.dutyCategories),
          leaderIds: input.leaderIds && json(input.leaderIds),
          handlerIds: input.handlerIds && json(input.handlerIds),
        },
      });
    });
  }

  updateDistrictLeader(id: string, input: DistrictLeaderUpdate, by: string): Promise<void> {
    return this.edit(by, async (tx) => {
      const leader = await tx.orgDistrictLeader.findUnique({ where: { id } });
      if (!leader) throw notFound('id', 'district leader', id);
      const others = (await tx.orgDistrictLeader.findMany()).filter((l) => l.id !== id);

      if (input.linkedTownIds !== undefined) {
        const townIds = new Set((await tx.orgTown.findMany({ select: { id: true } })).map((t) => t.id));
        input.linkedTownIds.forEach((townId, i) => {
          if (!townIds.has(townId)) throw invalid(`linkedTownIds.${i}`, `no town with id '${townId}'`);
        });
        // Every town keeps a linked leader: overdue town cases escalate to its primary link.
        for (const dropped of ids(leader.linkedTownIds).filter((t) => !input.linkedTownIds?.includes(t))) {
          if (!others.some((l) => ids(l.linkedTownIds).includes(dropped))) {
            throw invalid('linkedTownIds', `town '${dropped}' would have no linked district leader; link another leader first`);
          }
        }
      }
      if (input.departmentIds !== undefined) {
        const departmentIds = new Set((await tx.orgDepartment.findMany({ select: { id: true } })).map((d) => d.id));
        input.departmentIds.forEach((departmentId, i) => {
          if (!departmentIds.has(departmentId)) throw invalid(`departmentIds.${i}`, `no department with id '${departmentId}'`);
        });
        for (const dropped of ids(leader.departmentIds).filter((d) => !input.departmentIds?.includes(d))) {
          throw invalid(
            'departmentIds',
            `department '${dropped}' would have no supervising leader; add it to another leader's portfolio instead`,
          );
        }
        // Departments taken into this portfolio leave the one they were in.
        for (const other of others) {
          const kept = ids(other.departmentIds).filter((d) => !input.departmentIds?.includes(d));
          if (kept.length !== ids(other.departmentIds).length) {
            await tx.orgDistrictLeader.update({ where: { id: other.id }, data: { departmentIds: json(kept) } });
          }
        }
      }
      await tx.orgDistrictLeader.update({
        where: { id },
        data: {
          title: input.title,
          linkedTownIds: input.linkedTownIds && json(input.linkedTownIds),
          departmentIds: input.departmentIds && json(input.departmentIds),
        },
      });
    });
  }

  /** Runs `change` and moves the revision in one transaction; a refusal inside rolls both back. */
  private async edit(by: string, change: (tx: Tx) => Promise<void>): Promise<void> {
    await this.db.$transaction(async (tx) => {
      // Moving the revision first takes the write lock, so concurrent edits run one after another
      // and each checks its references against committed data.
      const moved = await tx.orgRevision.updateMany({
        where: { id: REVISION_ID },
        data: { revision: { increment: 1 }, updatedAt: new Date(), updatedBy: by },
      });
      if (moved.count === 0) throw new Error('the organisation tables are empty: seed them before editing');
      await change(tx);
      await this.onEdit?.(tx);
    }, EDIT_TRANSACTION);
  }

  private async districtLeadersNamed(tx: Tx, leaderIds: readonly string[], field: string) {
    const leaders = await tx.orgDistrictLeader.findMany({ where: { id: { in: [...leaderIds] } } });
    leaderIds.forEach((leaderId, i) => {
      if (!leaders.some((l) => l.id === leaderId)) {
        throw invalid(field.endsWith('Ids') ? `${field}.${i}` : field, `no district leader with id '${leaderId}'`);
      }
    });
    return leaders;
  }

  private async write(tx: Tx, org: BishanOrganisation): Promise<void> {
    const d = org.district;
    await tx.orgDistrict.create({
      data: { id: d.id, name: d.name, seatTownId: d.seatTownId, seatLat: d.seat.lat, seatLon: d.seat.lon, areaKm2: d.areaKm2 },
    });
    await tx.orgTopDistrictLeader.createMany({
      data: org.topDistrictLeaders.map((l, position) => ({ id: l.id, title: l.title, position })),
    });
    await tx.orgDistrictLeader.createMany({
      data: org.districtLeaders.map((l, position) => ({
        id: l.id,
        title: l.title,
        position,
        linkedTownIds: json(l.linkedTownIds),
        departmentIds: json(l.departmentIds),
      })),
    });
    await tx.orgTown.createMany({
      data: org.towns.map((t, position) => ({
        id: t.id,
        name: t.name,
        kind: t.kind,
        lat: t.location.lat,
        lon: t.location.lon,
        leaderIds: json(t.leaderIds),
        triageMemberIds: json(t.triageMemberIds),
        position,
      })),
    });
    await tx.orgVillage.createMany({
      data: org.villages.map((v, position) => ({
        id: v.id,
        name: v.name,
        kind: v.kind,
        townId: v.townId,
        secretaryId: v.secretaryId,
        lat: v.location.lat,
        lon: v.location.lon,
        position,
      })),
    });
    await tx.orgCourtyard.createMany({
      data: org.courtyards.map((c, position) => ({
        id: c.id,
        name: c.name,
        villageId: c.villageId,
        residentGroup: c.group,
        cadreIds: json(c.cadreIds),
        position,
      })),
    });
    await tx.orgDepartment.createMany({
      data: org.departments.map((dep, position) => ({
        id: dep.id,
        name: dep.name,
        kind: dep.kind,
        dutyCategories: json(dep.dutyCategories),
        leaderIds: json(dep.leaderIds),
        handlerIds: json(dep.handlerIds),
        position,
      })),
    });
  }
}

async function nextPosition(table: { aggregate(args: { _max: { position: true } }): Promise<{ _max: { position: number | null } }> }) {
  const { _max } = await table.aggregate({ _max: { position: true } });
  return (_max.position ?? -1) + 1;
}

async function requireTown(tx: Tx, townId: string): Promise<void> {
  if (!(await tx.orgTown.findUnique({ where: { id: townId } }))) throw invalid('townId', `no town with id '${townId}'`);
}

async function requireVillage(tx: Tx, villageId: string): Promise<void> {
  if (!(await tx.orgVillage.findUnique({ where: { id: villageId } }))) {
    throw invalid('villageId', `no village with id '${villageId}'`);
  }
}

/** Puts the department in `leaderId`'s portfolio (at its end) and takes it out of any other. */
async function movePortfolio(tx: Tx, departmentId: string, leaderId: string): Promise<void> {
  for (const leader of await tx.orgDistrictLeader.findMany()) {
    const portfolio = ids(leader.departmentIds);
    const has = portfolio.includes(departmentId);
    if (leader.id === leaderId && !has) {
      await tx.orgDistrictLeader.update({ where: { id: leader.id }, data: { departmentIds: json([...portfolio, departmentId]) } });
    } else if (leader.id !== leaderId && has) {
      await tx.orgDistrictLeader.update({
        where: { id: leader.id },
        data: { departmentIds: json(portfolio.filter((d) => d !== departmentId)) },
      });
    }
  }
}

const notFound = (field: string, kind: string, id: string) =>
  new OrganisationEditRefused('not-found', field, `no ${kind} with id '${id}'`);
const exists = (field: string, kind: string, id: string) =>
  new OrganisationEditRefused('already-exists', field, `a ${kind} with id '${id}' already exists`);
const invalid = (field: string, detail: string) => new OrganisationEditRefused('invalid-reference', field, detail);
