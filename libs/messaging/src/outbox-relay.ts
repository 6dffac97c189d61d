import type { OutgoingMessage } from './event-publisher';

export interface OutboxStore {
  nextBatch(limit: number): Promise<{ sequence: number; eventId: string; topic: string; key: string; payload: string }[]>;
  markPublished(sequences: number[], at: Date): Promise<void>;
  markFailed(sequences: number[], error: string): Promise<void>;
}

export interface Publisher {
  publish(messages: OutgoingMessage[]): Promise<void>;
}

export interface OutboxRelayOptions {
  batchSize: number;
  pollIntervalMs: number;
  /** Upper bound of the pause after a failed publish; doubles from pollIntervalMs up to this. */
  maxBackoffMs?: number;
  log?: (level: 'warn' | 'log', message: string) => void;
}

/**
 * Moves committed outbox rows to the broker. At-least-once: a row is marked published only after
 * the broker acknowledged it, so a crash in between publishes it again and consumers dedupe by eventId.
 */
export class OutboxRelay {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private failures = 0;

  constructor(
    private readonly store: OutboxStore,
    private readonly publisher: Publisher,
    private readonly options: OutboxRelayOptions,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** Publishes one batch; returns how many events went out. */
  async relayOnce(): Promise<number> {
    const batch = await this.store.nextBatch(this.options.batchSize);
    if (batch.length === 0) return 0;
    const sequences = batch.map((row) => row.sequence);
    try {
      await this.publisher.publish(
        batch.map((row) => ({ topic: row.topic, key: row.key, value: row.payload, headers: { 'event-id': row.eventId } })),
      );
    } catch (error) {
      await this.store.markFailed(sequences, errorMessage(error));
      throw error;
    }
    await this.store.markPublished(sequences, new Date());
    return batch.length;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let published = 0;
      try {
        published = await this.relayOnce();
        if (this.failures > 0) this.options.log?.('log', `outbox relay recovered after ${this.failures} failed attempts`);
        this.failures = 0;
      } catch (error) {
        this.failures += 1;
        this.options.log?.('warn', `outbox relay: publish failed (attempt ${this.failures}): ${errorMessage(error)}`);
      }
      // A full batch means more is waiting: go again at once.
      if (published < this.options.batchSize) await this.pause(this.delay());
    }
  }

  private delay(): number {
    if (this.failures === 0) return this.options.pollIntervalMs;
    const max = this.options.maxBackoffMs ?? 10_000;
    return Math.min(max, this.options.pollIntervalMs * 2 ** Math.min(this.failures, 16));
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
