import type { Prisma } from '@prisma/client';
import { openCaseStatuses, type LikelyDuplicateSearch } from '@bishan/domain';
import type { Database } from './prisma-client';

/** The ledger's filters; every one optional, all of them combined with AND. */
export interface LedgerFilter {
  level?: 'village' | 'town' | 'district';
  townId?: string;
  villageId?: string;
  /** Cases handled by this department (lead department). */
  departmentId?: string;
  status?: string;
  category?: string;
  overdue?: boolean;
  escalated?: boolean;
  /** Cases raised at this meeting. */
  meetingId?: string;
  /** Cases flagged as part of a concentrated issue (集中突出问题). */
  concentrated?: boolean;
  /** Cases with an extension request awaiting a decision. */
  pendingExtension?: boolean;
  /** Cases with a pause awaiting the supervising leader's approval. */
  pendingPause?: boolean;
  /** Cases whose latest escalation nobody it went to has acknowledged. */
  escalationUnseen?: boolean;
  /** Cases with a deadline counted Monday–Friday past the end of the holiday data. */
  provisionalDeadlines?: boolean;
  raisedFrom?: Date;
  raisedTo?: Date;
  /** Only these cases. */
  ids?: readonly string[];
  /** Open (any state but closed) or closed cases only; a `status` given as well takes precedence. */
  open?: boolean;
  /** Whose ledger it is: only the cases the reader may see (omitted: every case). */
  visibleTo?: CaseVisibility;
}

/** One reason a reader may see a case; a reader sees a case if any of their grants covers it. */
export type VisibilityGrant =
  | { kind: 'village'; villageId: string }
  | { kind: 'towns'; townIds: readonly string[] }
  | { kind: 'handledBy'; departmentIds: readonly string[] }
  /** Cases these departments co-handle with the lead department. */
  | { kind: 'coHandledBy'; departmentIds: readonly string[] }
  | { kind: 'publishedIn'; categories: readonly string[] }
  | { kind: 'reportedBy'; personId: string };

/** Every case, or the cases some grant covers (none: nothing at all). */
export type CaseVisibility = 'all' | readonly VisibilityGrant[];

export const ledgerSorts = [
  'raisedAt',
  '-raisedAt',
  'nextDeadlineAt',
  '-nextDeadlineAt',
  '-escalationLevel',
] as const;
export type LedgerSort = (typeof ledgerSorts)[number];

const ledgerColumns = {
  id: true,
  category: true,
  description: true,
  complexity: true,
  channel: true,
  townId: true,
  villageId: true,
  courtyardId: true,
  status: true,
  policyVersion: true,
  handlerLevel: true,
  handlerUnitId: true,
  escalationLevel: true,
  overdue: true,
  concentrated: true,
  pendingExtension: true,
  pendingPause: true,
  openInstructions: true,
  escalationUnseen: true,
  provisionalDeadlines: true,
  paused: true,
  resolvedOnSpot: true,
  nextDeadlineAt: true,
  nextDeadlineKind: true,
  reopenCount: true,
  rating: true,
  closure: true,
  raisedAt: true,
  closedAt: true,
} satisfies Prisma.CaseSelect;

export type LedgerRow = Prisma.CaseGetPayload<{ select: typeof ledgerColumns }>;
export const ledgerColumnNames = Object.keys(ledgerColumns) as (keyof LedgerRow)[];

/** The ledger (台账) as the towns, departments and leaders read it: from the read model only. */
export class CaseLedgerRepository {
  constructor(private readonly db: Database) {}

  /**
   * One page of the ledger and how many cases match. Each row comes with the case's view and
   * reporters (what the reader may do on it is decided from them), in the same statement.
   */
  async page(
    filter: LedgerFilter,
    sort: LedgerSort,
    limit: number,
    offset: number,
  ): Promise<{ items: (LedgerRow & { view: string; reporterIds: string })[]; total: number }> {
    const where = whereOf(filter);
    const [items, total] = await Promise.all([
      this.db.case.findMany({
        where,
        orderBy: orderOf(sort),
        take: limit,
        skip: offset,
        select: { ...ledgerColumns, view: true, reporterIds: true },
      }),
      this.db.case.count({ where }),
    ]);
    return { items, total };
  }

  /** Every matching row, a page at a time, for exports that must not hold the whole ledger in memory. */
  async *all(filter: LedgerFilter, sort: LedgerSort, pageSize = 500): AsyncGenerator<LedgerRow> {
    for (let offset = 0; ; offset += pageSize) {
      const rows = await this.db.case.findMany({
        where: whereOf(filter),
        orderBy: orderOf(sort),
        take: pageSize,
        skip: offset,
        select: ledgerColumns,
      });
      yield* rows;
      if (rows.length < pageSize) return;
    }
  }

  /** The newest matching cases with when each last changed (for clients that follow changes, as Open311's). */
  async newest(filter: LedgerFilter, limit: number): Promise<(LedgerRow & { updatedAt: Date })[]> {
    return this.db.case.findMany({
      where: whereOf(filter),
      orderBy: [{ raisedAt: 'desc' }, { id: 'asc' }],
      take: limit,
      select: { ...ledgerColumns, updatedAt: true },
    });
  }

  /**
   * The reader's open cases a report's likely-duplicate search finds (the rule is the domain's
   * `matchesLikelyDuplicateSearch`), the `limit` earliest with how many there are in all. The key
   * is stored with each open row, so only open matches are read: a flood of one report costs a count
   * of it, not its texts.
   */
  async likelyDuplicates(
    search: LikelyDuplicateSearch,
    visibleTo: CaseVisibility,
    limit: number,
  ): Promise<{ earliest: { id: string; raisedAt: Date }[]; total: number }> {
    const where: Prisma.CaseWhereInput = {
      AND: [
        visibilityWhere(visibleTo),
        {
          villageId: search.villageId,
          category: search.category,
          duplicateKey: search.key,
          raisedAt: { gte: new Date(search.raisedFrom), lte: new Date(search.raisedTo) },
          // Only open cases carry a key: no status is named, which would make the database read
          // by another index (the village's by date) or sort every match.
          ...(search.excludeCaseId ? { id: { not: search.excludeCaseId } } : {}),
          ...(search.courtyardId ? { OR: [{ courtyardId: null }, { courtyardId: search.courtyardId }] } : {}),
        },
      ],
    };
    const earliest = await this.db.case.findMany({
      where,
      select: { id: true, raisedAt: true },
      orderBy: [{ raisedAt: 'asc' }, { id: 'asc' }],
      take: limit,
    });
    // Fewer than the limit is all of them (the usual answer: none): only a full list needs a count.
    const total = earliest.length < limit ? earliest.length : await this.db.case.count({ where });
    return { earliest, total };
  }

  /** Open cases written before the duplicate key existed, a batch at a time, with their text. */
  async withoutDuplicateKey(limit: number): Promise<{ id: string; description: string }[]> {
    return this.db.case.findMany({
      where: { duplicateKey: null, status: { in: [...openCaseStatuses] } },
      select: { id: true, description: true },
      orderBy: { id: 'asc' },
      take: limit,
    });
  }

  /**
   * Writes the keys of open rows that have none yet (a key already written is left as it is, and a
   * case closed meanwhile gets none). In SQL, so that `updatedAt` stays: the case did not change,
   * and Open311's clients follow changes by it.
   */
  async fillDuplicateKeys(keys: readonly { id: string; duplicateKey: string }[]): Promise<void> {
    await this.db.$transaction(
      keys.map(
        ({ id, duplicateKey }) =>
          this.db
            .$executeRaw`UPDATE "Case" SET "duplicateKey" = ${duplicateKey} WHERE "id" = ${id} AND "duplicateKey" IS NULL AND "status" <> 'closed'`,
      ),
    );
  }

  /** Whether the case is in the reader's ledger; the same rule as the list, so a page and a case never disagree. */
  async isVisible(id: string, visibleTo: CaseVisibility): Promise<boolean> {
    return (await this.db.case.count({ where: { AND: [{ id }, visibilityWhere(visibleTo)] } })) > 0;
  }

  /** The case's row when it is in the reader's ledger (the rule of isVisible), in one query; null otherwise. */
  findVisible(id: string, visibleTo: CaseVisibility) {
    return this.db.case.findFirst({ where: { AND: [{ id }, visibilityWhere(visibleTo)] } });
  }
}

/** Case ids per query: SQLite and PostgreSQL both refuse a statement with too many parameters. */
const VISIBLE_IDS_PER_QUERY = 500;

/**
 * The subset of `caseIds` the visibility lets one read, a few hundred ids per query: for figures
 * and lists whose rows are keyed by case (reporting facts, reconciliation mismatches), which may
 * name thousands of cases.
 */
export async function visibleCaseIds(
  db: Database,
  caseIds: readonly string[],
  visibleTo: CaseVisibility,
): Promise<Set<string>> {
  if (visibleTo === 'all') return new Set(caseIds);
  if (caseIds.length === 0 || visibleTo.length === 0) return new Set();
  const visible = new Set<string>();
  for (let i = 0; i < caseIds.length; i += VISIBLE_IDS_PER_QUERY) {
    const rows = await db.case.findMany({
      where: {
        AND: [{ id: { in: caseIds.slice(i, i + VISIBLE_IDS_PER_QUERY) } }, visibilityWhere(visibleTo)],
      },
      select: { id: true },
    });
    for (const row of rows) visible.add(row.id);
  }
  return visible;
}

function visibilityWhere(visibility: CaseVisibility | undefined): Prisma.CaseWhereInput {
  if (visibility === undefined || visibility === 'all') return {};
  // Prisma reads an empty OR as "nothing" at the top level but as "anything" nested in an AND:
  // a reader with no grant is given a condition no case meets.
  if (visibility.length === 0) return { id: { in: [] } };
  return { OR: visibility.map(grantWhere) };
}

function grantWhere(grant: VisibilityGrant): Prisma.CaseWhereInput {
  switch (grant.kind) {
    case 'village':
      return { villageId: grant.villageId };
    case 'towns':
      return { townId: { in: [...grant.townIds] } };
    case 'handledBy':
      return { handlerLevel: 'district', handlerUnitId: { in: [...grant.departmentIds] } };
    case 'coHandledBy':
      // coHandlerIds is a JSON array of strings, like reporterIds: match whole quoted elements.
      if (grant.departmentIds.length === 0) return { id: { in: [] } };
      return {
        handlerLevel: 'district',
        OR: grant.departmentIds.map((id) => ({ coHandlerIds: { contains: JSON.stringify(id) } })),
      };
    case 'publishedIn':
      return { status: 'published', category: { in: [...grant.categories] } };
    case 'reportedBy':
      // reporterIds is a JSON array of strings: the quoted id matches one whole element.
      return { reporterIds: { contains: JSON.stringify(grant.personId) } };
  }
}

function whereOf(filter: LedgerFilter): Prisma.CaseWhereInput {
  // The scope stands apart from the filters: a filter on the same field must narrow it, never replace it.
  return { AND: [visibilityWhere(filter.visibleTo), filterWhere(filter)] };
}

function filterWhere(filter: LedgerFilter): Prisma.CaseWhereInput {
  return {
    handlerLevel: filter.departmentId ? 'district' : filter.level,
    handlerUnitId: filter.departmentId,
    townId: filter.townId,
    villageId: filter.villageId,
    id: filter.ids ? { in: [...filter.ids] } : undefined,
    status:
      filter.status ??
      (filter.open === undefined ? undefined : filter.open ? { in: [...openCaseStatuses] } : 'closed'),
    category: filter.category,
    overdue: filter.overdue,
    meetingId: filter.meetingId,
    concentrated: filter.concentrated,
    pendingExtension: filter.pendingExtension,
    pendingPause: filter.pendingPause,
    escalationUnseen: filter.escalationUnseen,
    provisionalDeadlines: filter.provisionalDeadlines,
    escalationLevel: filter.escalated === undefined ? undefined : filter.escalated ? { gt: 0 } : 0,
    raisedAt:
      filter.raisedFrom || filter.raisedTo ? { gte: filter.raisedFrom, lt: filter.raisedTo } : undefined,
  };
}

function orderOf(sort: LedgerSort): Prisma.CaseOrderByWithRelationInput[] {
  const field = sort.replace(/^-/, '') as 'raisedAt' | 'nextDeadlineAt' | 'escalationLevel';
  const direction: Prisma.SortOrder = sort.startsWith('-') ? 'desc' : 'asc';
  // Cases without a pending deadline come last; the id breaks ties, so paging through equal
  // values neither repeats nor skips a case.
  const primary: Prisma.CaseOrderByWithRelationInput =
    field === 'nextDeadlineAt'
      ? { nextDeadlineAt: { sort: direction, nulls: 'last' } }
      : { [field]: direction };
  return [primary, { id: 'asc' }];
}
