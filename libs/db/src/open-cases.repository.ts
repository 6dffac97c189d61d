import type { Database } from './prisma-client';

export interface OpenCaseRow {
  caseId: string;
  category: string;
  townId: string;
  raisedAt: Date;
  concentrated: boolean;
}

/** Open cases as the cluster search needs them; read from the read model, never from Temporal. */
export class OpenCasesRepository {
  constructor(private readonly db: Database) {}

  async raisedSince(since: Date): Promise<OpenCaseRow[]> {
    const rows = await this.db.case.findMany({
      where: { status: { not: 'closed' }, raisedAt: { gte: since } },
      select: { id: true, category: true, townId: true, raisedAt: true, concentrated: true },
      orderBy: { raisedAt: 'asc' },
    });
    return rows.map(({ id, ...row }) => ({ caseId: id, ...row }));
  }
}
