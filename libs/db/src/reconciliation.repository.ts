import { createHash } from 'node:crypto';
import type { Database } from './prisma-client';

/** A ledger row as the monthly reconciliation compares it. */
export interface LedgerCaseRow {
  caseId: string;
  status: string;
  nextDeadlineAt: Date | null;
  lastEventSeq: number;
  townId: string;
  handlerLevel: string | null;
  handlerUnitId: string | null;
  /** The whole CaseView JSON: the responsible person comes from it. */
  view: string;
}

export interface StoredMismatch {
  caseId: string;
  kind: string;
  ledger: unknown;
  workflow: unknown;
  departmentId: string | null;
  townId: string | null;
  personId: string | null;
}

export interface StoredSignOff {
  slot: string;
  signerId: string;
  signerRole: string;
  signedAt: Date;
  note: string | null;
}

/** Thrown when a month already has a snapshot with other content: a closed month stays closed. */
export class SnapshotConflictError extends Error {
  override readonly name = 'SnapshotConflict';
}

/** The monthly reconciliation's tables: runs, their mismatches and signatures, and the month snapshots. */
export class ReconciliationRepository {
  constructor(private readonly db: Database) {}

  /**
   * A page of ledger cases to reconcile for a month: every case still open, and every case whose
   * row changed during the month, in case id order after the cursor.
   */
  async ledgerPage(range: { start: Date; end: Date }, after: string | null, limit: number): Promise<LedgerCaseRow[]> {
    const rows = await this.db.case.findMany({
      where: {
        ...(after === null ? {} : { id: { gt: after } }),
        OR: [{ closedAt: null }, { updatedAt: { gte: range.start, lt: range.end } }, { closedAt: { gte: range.start } }],
      },
      orderBy: { id: 'asc' },
      take: limit,
      select: {
        id: true,
        status: true,
        nextDeadlineAt: true,
        lastEventSeq: true,
        townId: true,
        handlerLevel: true,
        handlerUnitId: true,
        view: true,
      },
    });
    return rows.map(({ id, ...row }) => ({ caseId: id, ...row }));
  }

  async ledgerRow(caseId: string): Promise<LedgerCaseRow | null> {
    const row = await this.db.case.findUnique({
      where: { id: caseId },
      select: { id: true, status: true, nextDeadlineAt: true, lastEventSeq: true, townId: true, handlerLevel: true, handlerUnitId: true, view: true },
    });
    if (!row) return null;
    const { id, ...rest } = row;
    return { caseId: id, ...rest };
  }

  /** Which of these case ids have a ledger row. */
  async existingCaseIds(caseIds: string[]): Promise<Set<string>> {
    if (caseIds.length === 0) return new Set();
    const rows = await this.db.case.findMany({ where: { id: { in: caseIds } }, select: { id: true } });
    return new Set(rows.map((row) => row.id));
  }

  /** Stores a run and its mismatches once; a retried call finds the run and writes nothing. */
  async recordRun(run: {
    id: string;
    month: string;
    casesChecked: number;
    requiredSignOffs: unknown;
    comparedAt: Date;
    mismatches: StoredMismatch[];
  }): Promise<void> {
    await this.db.$transaction(async (tx) => {
      if (await tx.reconciliationRun.findUnique({ where: { id: run.id } })) return;
      await tx.reconciliationRun.create({
        data: {
          id: run.id,
          month: run.month,
          status: 'awaitingSignOff',
          casesChecked: run.casesChecked,
          requiredSignOffs: JSON.stringify(run.requiredSignOffs),
          comparedAt: run.comparedAt,
        },
      });
      for (const mismatch of run.mismatches) {
        await tx.reconciliationMismatch.create({
          data: {
            runId: run.id,
            caseId: mismatch.caseId,
            kind: mismatch.kind,
            ledger: mismatch.ledger === null ? null : JSON.stringify(mismatch.ledger),
            workflow: mismatch.workflow === null ? null : JSON.stringify(mismatch.workflow),
            departmentId: mismatch.departmentId,
            townId: mismatch.townId,
            personId: mismatch.personId,
          },
        });
      }
    });
  }

  async recordSignOff(runId: string, signOff: StoredSignOff): Promise<void> {
    await this.db.reconciliationSignOff.upsert({
      where: { runId_slot: { runId, slot: signOff.slot } },
      create: { runId, ...signOff },
      update: {},
    });
  }

  /**
   * Writes the month's snapshot: the content's SHA-256 is stored beside it. The same content again
   * (a retry) returns the stored hash; different content for a stored month is refused.
   */
  async storeSnapshot(snapshot: { month: string; runId: string; content: string; storedAt: Date }): Promise<{ contentHash: string }> {
    const contentHash = snapshotContentHash(snapshot.content);
    const existing = await this.db.reconciliationSnapshot.findUnique({ where: { month: snapshot.month } });
    if (existing) {
      if (existing.contentHash === contentHash && existing.runId === snapshot.runId) return { contentHash };
      throw new SnapshotConflictError(`the snapshot of ${snapshot.month} is already stored (run ${existing.runId}); it is never rewritten`);
    }
    try {
      await this.db.$transaction([
        this.db.reconciliationSnapshot.create({ data: { ...snapshot, contentHash } }),
        this.db.reconciliationRun.update({ where: { id: snapshot.runId }, data: { status: 'signedOff', signedOffAt: snapshot.storedAt } }),
      ]);
    } catch (error) {
      // Lost a race with another writer of the month: the unique key decided.
      const winner = await this.db.reconciliationSnapshot.findUnique({ where: { month: snapshot.month } });
      if (winner && winner.contentHash !== contentHash) {
        throw new SnapshotConflictError(`the snapshot of ${snapshot.month} is already stored (run ${winner.runId}); it is never rewritten`);
      }
      if (!winner) throw error;
    }
    return { contentHash };
  }

  listRuns(filter: { month?: string }) {
    return this.db.reconciliationRun.findMany({ where: { month: filter.month }, orderBy: [{ month: 'desc' }, { comparedAt: 'desc' }] });
  }

  findRun(id: string) {
    return this.db.reconciliationRun.findUnique({ where: { id } });
  }

  mismatchesOf(runId: string) {
    return this.db.reconciliationMismatch.findMany({ where: { runId }, orderBy: [{ caseId: 'asc' }, { kind: 'asc' }] });
  }

  signOffsOf(runId: string) {
    return this.db.reconciliationSignOff.findMany({ where: { runId }, orderBy: { signedAt: 'asc' } });
  }

  snapshotOf(month: string) {
    return this.db.reconciliationSnapshot.findUnique({ where: { month } });
  }
}

/** The hash storeSnapshot records, for readers that check a stored snapshot against its content. */
export function snapshotContentHash(content: string): string {
  return createHash('sha256').update(content).digest('hex');
}
