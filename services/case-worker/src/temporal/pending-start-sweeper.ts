import type { Client } from '@temporalio/client';
import type { CaseWorkflowInput } from '@bishan/contracts';
import type { PendingCaseStartRepository } from '@bishan/db';
import { isServiceUnavailable, PollingLoop } from '@bishan/messaging';
import { describeError, startCaseWorkflow } from '@bishan/service-runtime';

export interface PendingStartSweeperOptions {
  /** A mark younger than this is the API's own to clear (it starts right after its commit). */
  graceMs: number;
  intervalMs: number;
  batchSize: number;
  log: (level: 'log' | 'warn', message: string) => void;
}

/**
 * Starts the workflows of recorded cases whose start the API did not see through — it crashed
 * between its commit and the start, or Temporal was unavailable — so that no recorded case waits
 * without its workflow (and its timers). A start that finds the workflow there clears the mark too.
 */
export class PendingStartSweeper {
  private readonly loop: PollingLoop;

  constructor(
    private readonly pending: PendingCaseStartRepository,
    private readonly temporal: Client,
    private readonly taskQueue: string,
    private readonly options: PendingStartSweeperOptions,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.loop = new PollingLoop(() => this.sweep(), {
      name: 'pending-start sweeper',
      intervalMs: options.intervalMs,
      // Right after start the API's own marks are still within their grace.
      firstAfterInterval: true,
      log: options.log,
    });
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** One pass; answers whether it cleared a full batch (more marks may be waiting). */
  async sweep(): Promise<boolean> {
    const now = this.clock();
    const marks = await this.pending.olderThan(new Date(now.getTime() - this.options.graceMs), this.options.batchSize);
    let cleared = 0;
    for (const mark of marks) {
      try {
        await startCaseWorkflow(this.temporal, this.taskQueue, JSON.parse(mark.input) as CaseWorkflowInput);
        await this.pending.started(mark.caseId);
        cleared += 1;
        this.options.log('log', `started case ${mark.caseId}, recorded ${Math.round((now.getTime() - mark.createdAt.getTime()) / 1000)} s ago without its workflow`);
      } catch (error) {
        const cause = describeError(error, { stack: false });
        await this.pending.failed(mark.caseId, cause);
        // Temporal still away: the rest would fail the same way; the next pass tries again.
        if (isServiceUnavailable(error)) {
          this.options.log('warn', `case starts waiting for Temporal: ${cause}`);
          break;
        }
        this.options.log('warn', `case ${mark.caseId} could not be started: ${cause}`);
      }
    }
    // Marks that failed stay and would come back at once: go again only after a full, clean batch.
    return marks.length === this.options.batchSize && cleared === marks.length;
  }
}
