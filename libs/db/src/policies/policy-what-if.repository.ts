import {
  type CaseEvent,
  type CasePolicy,
  type RecordedCase,
  type WhatIfReport,
  emptyReport,
  mergeReports,
} from '@bishan/domain';
import type { Database } from '../prisma-client';

export type WhatIfRunStatus = 'running' | 'completed' | 'failed';

/** A what-if run as stored: its window, progress and (partial while running) report. */
export interface StoredWhatIfRun {
  readonly id: string;
  readonly version: string;
  readonly draft: CasePolicy;
  readonly monthsBack: number;
  readonly windowFrom: Date;
  readonly windowUntil: Date;
  readonly status: WhatIfRunStatus;
  readonly casesTotal: number | null;
  readonly casesDone: number;
  readonly cursor: string | null;
  readonly report: WhatIfReport;
  readonly error: string | null;
  readonly startedBy: string;
  readonly startedAt: Date;
  readonly finishedAt: Date | null;
}

/** A page of simulated cases to merge: its report, how many cases it had and the last case id. */
export interface WhatIfPage {
  readonly report: WhatIfReport;
  readonly cases: number;
  readonly lastCaseId: string;
}

/**
 * What-if runs of draft policies. The report grows page by page in the row; each page is merged
 * once — the merge moves the row's cursor from the page's `after` to its last case id, so an
 * activity retried after its commit finds the cursor moved and merges nothing twice.
 */
export class PolicyWhatIfRepository {
  constructor(
    private readonly db: Database,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async start(run: { id: string; draft: CasePolicy; monthsBack: number; windowFrom: Date; windowUntil: Date; by: string }): Promise<StoredWhatIfRun> {
    const row = await this.db.casePolicyWhatIf.create({
      data: {
        id: run.id,
        version: run.draft.version,
        draftBody: JSON.stringify(run.draft),
        monthsBack: run.monthsBack,
        windowFrom: run.windowFrom,
        windowUntil: run.windowUntil,
        status: 'running',
        report: JSON.stringify(emptyReport(run.draft.version)),
        startedBy: run.by,
        startedAt: this.clock(),
      },
    });
    return storedOf(row);
  }

  async find(id: string): Promise<StoredWhatIfRun | null> {
    const row = await this.db.casePolicyWhatIf.findUnique({ where: { id } });
    return row ? storedOf(row) : null;
  }

  /** The runs of one version, newest first, without their reports. */
  async runsOf(version: string, limit = 20): Promise<Omit<StoredWhatIfRun, 'report'>[]> {
    const rows = await this.db.casePolicyWhatIf.findMany({
      where: { version },
      orderBy: { startedAt: 'desc' },
      take: limit,
      omit: { report: true },
    });
    return rows.map((row) => {
      const { report: _report, ...rest } = storedOf({ ...row, report: 'null' });
      return rest;
    });
  }

  async setTotal(id: string, casesTotal: number): Promise<void> {
    await this.db.casePolicyWhatIf.updateMany({ where: { id, casesTotal: null }, data: { casesTotal } });
  }

  /**
   * Merges one page into the run's report if the cursor is still where the page began; returns the
   * cases done after it either way (a retried page finds its merge made).
   */
  async mergePage(id: string, after: string | null, page: WhatIfPage): Promise<{ merged: boolean; casesDone: number }> {
    return this.db.$transaction(async (tx) => {
      const row = await tx.casePolicyWhatIf.findUniqueOrThrow({ where: { id } });
      if (row.cursor !== after || row.status !== 'running') return { merged: false, casesDone: row.casesDone };
      const report = mergeReports(JSON.parse(row.report) as WhatIfReport, page.report);
      const moved = await tx.casePolicyWhatIf.updateMany({
        where: { id, cursor: after, status: 'running' },
        data: { report: JSON.stringify(report), cursor: page.lastCaseId, casesDone: { increment: page.cases } },
      });
      return { merged: moved.count === 1, casesDone: row.casesDone + (moved.count === 1 ? page.cases : 0) };
    });
  }

  async complete(id: string): Promise<void> {
    await this.db.casePolicyWhatIf.updateMany({ where: { id, status: 'running' }, data: { status: 'completed', finishedAt: this.clock() } });
  }

  async fail(id: string, error: string): Promise<void> {
    await this.db.casePolicyWhatIf.updateMany({
      where: { id, status: 'running' },
      data: { status: 'failed', error: error.slice(0, 2000), finishedAt: this.clock() },
    });
  }
}

/**
 * The recorded history a what-if reads: the cases raised in a window (by their timeline's
 * caseRaised entry), a page at a time by case id, each with its timeline up to the window's end
 * (what had happened by then), so a page read again gives the same cases and the same events.
 */
export class RecordedHistoryRepository {
  constructor(private readonly db: Database) {}

  private raisedIn(window: { from: Date; until: Date }) {
    return { type: 'caseRaised', at: { gte: window.from, lte: window.until } };
  }

  countRaised(window: { from: Date; until: Date }): Promise<number> {
    return this.db.caseTimelineEntry.count({ where: this.raisedIn(window) });
  }

  /** The next `limit` cases raised in the window after the case id `after`, with their timelines. */
  async page(window: { from: Date; until: Date }, after: string | null, limit: number): Promise<RecordedCase[]> {
    const raised = await this.db.caseTimelineEntry.findMany({
      where: { ...this.raisedIn(window), ...(after === null ? {} : { caseId: { gt: after } }) },
      orderBy: { caseId: 'asc' },
      take: limit,
      select: { caseId: true },
    });
    const ids = raised.map((r) => r.caseId);
    if (ids.length === 0) return [];
    const entries = await this.db.caseTimelineEntry.findMany({
      where: { caseId: { in: ids } },
      orderBy: [{ caseId: 'asc' }, { seq: 'asc' }],
      select: { caseId: true, at: true, data: true },
    });
    // Each timeline up to its first event after the window's end: a prefix, in the order decided.
    const events = new Map<string, CaseEvent[]>(ids.map((id) => [id, []]));
    const ended = new Set<string>();
    for (const entry of entries) {
      if (ended.has(entry.caseId)) continue;
      if (entry.at.getTime() > window.until.getTime()) ended.add(entry.caseId);
      else events.get(entry.caseId)?.push(JSON.parse(entry.data) as CaseEvent);
    }
    return ids.map((caseId) => ({ caseId, events: events.get(caseId) ?? [] }));
  }
}

type Row = Awaited<ReturnType<Database['casePolicyWhatIf']['findUniqueOrThrow']>>;

function storedOf(row: Row): StoredWhatIfRun {
  return {
    id: row.id,
    version: row.version,
    draft: JSON.parse(row.draftBody) as CasePolicy,
    monthsBack: row.monthsBack,
    windowFrom: row.windowFrom,
    windowUntil: row.windowUntil,
    status: row.status as WhatIfRunStatus,
    casesTotal: row.casesTotal,
    casesDone: row.casesDone,
    cursor: row.cursor,
    report: JSON.parse(row.report) as WhatIfReport,
    error: row.error,
    startedBy: row.startedBy,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
  };
}
