import type { Prisma } from '@prisma/client';
import {
  type BishanOrganisation,
  type OrganisationEdit,
  type OrganisationEditRefusalCode,
  applyOrganisationEdit,
} from '@bishan/domain';
import type { Database } from '../prisma-client';
import {
  type OrganisationRows,
  changedRows,
  fromRows,
  listDelegates,
  listTables,
  toRows,
} from './organisation-rows';
import { isUniqueViolation } from '../unique-violation';

type Tx = Prisma.TransactionClient;

/** The single revision row; inserting it is also what makes one seeder win. */
const REVISION_ID = 'organisation';
/** Seeding writes ~1,700 rows in one transaction: more than Prisma's 5 s default on a busy machine. */
const SEED_TRANSACTION = { maxWait: 30_000, timeout: 120_000 };
const EDIT_TRANSACTION = { maxWait: 10_000, timeout: 30_000 };

/** An edit the domain refused (`applyOrganisationEdit`); thrown inside the edit's transaction, so nothing was written. */
export class OrganisationEditRefused extends Error {
  constructor(
    readonly refusal: OrganisationEditRefusalCode,
    readonly field: string,
    detail: string,
  ) {
    super(detail);
    this.name = 'OrganisationEditRefused';
  }
}

/**
 * The organisation in its tables (`Org*`): loaded whole as the domain's `BishanOrganisation`, seeded
 * once from the embedded default (./seed), and edited one record at a time by the domain's rules
 * (`applyOrganisationEdit`). Every edit moves the revision in its transaction, so a reader that sees
 * the new revision sees the edit, and a refused edit writes nothing.
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
        await tx.orgRevision.create({
          data: { id: REVISION_ID, revision: 1, updatedAt: new Date(), updatedBy: by },
        });
        await this.write(tx, organisation);
      }, SEED_TRANSACTION);
      return true;
    } catch (error) {
      // By code, not class: the PostgreSQL client's error classes are its own.
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  /** The whole organisation, in the order it was seeded (new records last). Throws before seeding. */
  async load(): Promise<BishanOrganisation> {
    return fromRows(await readRows(this.db));
  }

  /**
   * Applies one admin edit in one transaction: the revision moves first (taking the write lock, so
   * concurrent edits run one after another and each is checked against committed data), the
   * domain's rules decide on the organisation as stored, the changed rows are written and
   * `onEdit` runs. A refusal throws OrganisationEditRefused and rolls everything back.
   */
  async apply(edit: OrganisationEdit, by: string): Promise<void> {
    await this.db.$transaction(async (tx) => {
      const moved = await tx.orgRevision.updateMany({
        where: { id: REVISION_ID },
        data: { revision: { increment: 1 }, updatedAt: new Date(), updatedBy: by },
      });
      if (moved.count === 0) throw new Error('the organisation tables are empty: seed them before editing');
      const before = await readRows(tx);
      const result = applyOrganisationEdit(fromRows(before), edit);
      if (!result.ok)
        throw new OrganisationEditRefused(result.refusal.code, result.refusal.field, result.refusal.message);
      const tables = listDelegates(tx);
      for (const { table, rows } of changedRows(before, toRows(result.organisation))) {
        for (const row of rows)
          await tables[table].upsert({ where: { id: (row as { id: string }).id }, create: row, update: row });
      }
      await this.onEdit?.(tx);
    }, EDIT_TRANSACTION);
  }

  private async write(tx: Tx, org: BishanOrganisation): Promise<void> {
    const rows = toRows(org);
    await tx.orgDistrict.create({ data: rows.district });
    const tables = listDelegates(tx);
    for (const table of listTables) await tables[table].createMany({ data: rows[table] });
  }
}

async function readRows(client: Tx | Database): Promise<OrganisationRows> {
  const tables = listDelegates(client);
  const [district, ...lists] = await Promise.all([
    client.orgDistrict.findFirst(),
    ...listTables.map((table) => tables[table].findMany({ orderBy: { position: 'asc' } })),
  ]);
  if (!district)
    throw new Error(
      'the organisation tables are empty: seed them first (OrganisationRepository.seedIfEmpty)',
    );
  return {
    district,
    ...Object.fromEntries(listTables.map((table, i) => [table, lists[i]])),
  } as unknown as OrganisationRows;
}
