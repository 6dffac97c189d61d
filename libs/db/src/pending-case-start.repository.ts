import type { Database } from './prisma-client';

export interface PendingCaseStartRow {
  caseId: string;
  input: string;
  createdAt: Date;
  attempts: number;
}

/** A recorded case still without its workflow, as the ops page lists it. */
export interface WaitingCaseStart {
  caseId: string;
  createdAt: Date;
  attempts: number;
  lastError: string | null;
}

/** The marks of recorded cases whose workflow is still to be started (see CaseRepository.recordRaise). */
export class PendingCaseStartRepository {
  constructor(private readonly db: Database) {}

  /** Temporal took the start (or the workflow already existed): the case needs nothing more. */
  async started(caseId: string): Promise<void> {
    await this.db.pendingCaseStart.deleteMany({ where: { caseId } });
  }

  async failed(caseId: string, error: string): Promise<void> {
    await this.db.pendingCaseStart.updateMany({ where: { caseId }, data: { attempts: { increment: 1 }, lastError: error.slice(0, 2000) } });
  }

  /** Marks older than `before`, oldest first: those the API did not clear itself. */
  olderThan(before: Date, limit: number): Promise<PendingCaseStartRow[]> {
    return this.db.pendingCaseStart.findMany({
      where: { createdAt: { lt: before } },
      orderBy: { createdAt: 'asc' },
      take: limit,
      select: { caseId: true, input: true, createdAt: true, attempts: true },
    });
  }

  async isPending(caseId: string): Promise<boolean> {
    return (await this.db.pendingCaseStart.count({ where: { caseId } })) > 0;
  }

  count(): Promise<number> {
    return this.db.pendingCaseStart.count();
  }

  /** For the ops page: how many wait, and the oldest `limit` with how often each was tried and why it failed. */
  async waiting(limit: number): Promise<{ total: number; items: WaitingCaseStart[] }> {
    const [total, items] = await Promise.all([
      this.db.pendingCaseStart.count(),
      this.db.pendingCaseStart.findMany({
        orderBy: { createdAt: 'asc' },
        take: limit,
        select: { caseId: true, createdAt: true, attempts: true, lastError: true },
      }),
    ]);
    return { total, items };
  }
}
