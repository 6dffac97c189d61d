export type PollingLoopLog = (level: 'log' | 'warn', message: string) => void;

export interface PollingLoopOptions {
  /** Names the loop in its log lines ("outbox relay", "pending-start sweeper"). */
  name: string;
  /** The pause after a round that left nothing waiting. */
  intervalMs: number;
  /** After failed rounds the pause doubles from intervalMs up to this; without it, failures pause intervalMs. */
  maxBackoffMs?: number;
  /** The first round after one pause instead of at once. */
  firstAfterInterval?: boolean;
  /** Where failures (with the loop's name and how many in a row) and the recovery after them go. */
  log: PollingLoopLog;
}

/**
 * The one polling loop of the services (the outbox relay, the delivery dispatcher, the periodic
 * sweeps and refreshes): runs `round` one at a time until stopped — again at once when it answers
 * `true` (more is waiting), otherwise after a pause. A failed round is logged and the loop goes on,
 * with backoff when `maxBackoffMs` is set. The pause never keeps the process alive by itself.
 *
 * `wake()` says something new is waiting (a commit that wrote outbox rows): it ends the pause, and a
 * wake that arrives during a round makes the next round start right after it, since that round may
 * have looked before the commit. Wakes during a round count once. A wake does not cut a backoff
 * short: callers do not drive a failing loop harder. `stop()` ends the pause and waits for the round
 * in progress; no round starts after it.
 */
export class PollingLoop {
  private running = false;
  private generation = 0;
  private loop: Promise<void> = Promise.resolve();
  private cutPause: (() => void) | undefined;
  private woken = false;
  private failures = 0;

  constructor(
    private readonly round: () => Promise<boolean | void>,
    private readonly options: PollingLoopOptions,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    const generation = ++this.generation;
    // A restart right after stop() waits for the stopping round: never two rounds at once.
    this.loop = this.loop.then(() => this.rounds(() => this.running && this.generation === generation));
  }

  async stop(): Promise<void> {
    this.running = false;
    this.cutPause?.();
    await this.loop;
  }

  /** Something new is waiting: the next round starts now, or right after the one in progress. */
  wake(): void {
    this.woken = true;
    if (this.failures === 0) this.cutPause?.();
  }

  private async rounds(live: () => boolean): Promise<void> {
    if (this.options.firstAfterInterval) await this.pause(this.options.intervalMs);
    while (live()) {
      this.woken = false;
      let more = false;
      try {
        more = (await this.round()) === true;
        if (this.failures > 0) this.options.log('log', `${this.options.name} recovered after ${this.failures} failed rounds`);
        this.failures = 0;
      } catch (error) {
        this.failures += 1;
        this.options.log(
          'warn',
          `${this.options.name}: round failed (${this.failures} in a row, next in ${this.delay()} ms): ${describe(error)}`,
        );
      }
      if (!live()) break;
      if (more || (this.woken && this.failures === 0)) continue;
      await this.pause(this.delay());
    }
  }

  private delay(): number {
    const { intervalMs, maxBackoffMs } = this.options;
    if (this.failures === 0 || maxBackoffMs === undefined) return intervalMs;
    return Math.min(maxBackoffMs, intervalMs * 2 ** Math.min(this.failures, 16));
  }

  private pause(ms: number): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.cutPause = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref();
      this.cutPause = done;
    });
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
