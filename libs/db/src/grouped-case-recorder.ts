import type { CaseEventBatch, CaseRepository } from './case.repository';
import { traceContextNow } from './trace-context';

/**
 * Group commit for the workflow's recordings. When many cases record at the same moment — a storm of
 * deadlines falling due together, a burst of new cases — each one's transaction would wait for the
 * one before it (SQLite has one writer). Instead, whatever arrives while a transaction runs is
 * committed together in the next one (at most `maxGroup` at a time). A lone recording still goes
 * straight through. If a group fails, its recordings are retried one by one, so one bad batch
 * fails alone and the others are not held back.
 */
export class GroupedCaseRecorder {
  private readonly waiting: {
    batch: CaseEventBatch;
    resolve: (n: number) => void;
    reject: (e: unknown) => void;
  }[] = [];
  private draining = false;

  constructor(
    private readonly cases: Pick<CaseRepository, 'recordEvents' | 'recordEventsOfMany'>,
    private readonly maxGroup = 20,
  ) {}

  recordEvents(
    caseId: string,
    events: CaseEventBatch['events'],
    view: CaseEventBatch['view'],
  ): Promise<number> {
    // Taken here, in the asking activity's span: the group's transaction runs in another's.
    const traceContext = traceContextNow();
    return new Promise<number>((resolve, reject) => {
      this.waiting.push({ batch: { caseId, events, view, traceContext }, resolve, reject });
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.waiting.length > 0) {
        const group = this.waiting.splice(0, this.maxGroup);
        const only = group.length === 1 ? group[0] : undefined;
        if (only) {
          const { caseId, events, view, traceContext } = only.batch;
          await this.cases.recordEvents(caseId, events, view, traceContext).then(only.resolve, only.reject);
          continue;
        }
        try {
          const recorded = await this.cases.recordEventsOfMany(group.map((g) => g.batch));
          group.forEach((g, i) => g.resolve(recorded[i] ?? 0));
        } catch {
          for (const g of group) {
            await this.cases
              .recordEvents(g.batch.caseId, g.batch.events, g.batch.view, g.batch.traceContext)
              .then(g.resolve, g.reject);
          }
        }
      }
    } finally {
      this.draining = false;
    }
  }
}
