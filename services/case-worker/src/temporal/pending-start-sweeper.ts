import type { Client } from '@temporalio/client';
import type { CaseWorkflowInput } from '@bishan/contracts';
import type { PendingCaseStartRepository } from '@bishan/db';
import { isServiceUnavailable } from '@bishan/messaging';
import { startCaseWorkflow } from '@bishan/service-runtime';

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
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<number> | undefined;

  constructor(
    private readonly pending: PendingCaseStartRepository,
    private readonly temporal: Client,
    private readonly taskQueue: string,
    private readonly options: PendingStartSweeperOptions,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.sweep(), this.options.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
  }

  /** One pass; returns how many workflows it started. Overlapping calls share the running pass. */
  sweep(): Promise<number> {
    this.sweeping ??= this.pass().finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  private async pass(): Promise<number> {
    const now = this.clock();
    const marks = await this.pending.olderThan(new Date(now.getTime() - this.options.graceMs), this.options.batchSize);
    let started = 0;
    for (const mark of marks) {
      try {
        if (await startCaseWorkflow(this.temporal, this.taskQueue, JSON.parse(mark.input) as CaseWorkflowInput)) started += 1;
        await this.pending.started(mark.caseId);
        this.options.log('log', `started case ${mark.caseId}, recorded ${Math.round((now.getTime() - mark.createdAt.getTime()) / 1000)} s ago without its workflow`);
      } catch (error) {
        await this.pending.failed(mark.caseId, String(error));
        // Temporal still away: the rest would fail the same way; the next pass tries again.
        if (isServiceUnavailable(error)) {
          this.options.log('warn', `case starts waiting for Temporal: ${String(error)}`);
          break;
        }
        this.options.log('warn', `case ${mark.caseId} could not be started: ${String(error)}`);
      }
    }
    return started;
  }
}
