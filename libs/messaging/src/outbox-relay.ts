import type { OutgoingMessage } from './event-publisher';
import { PollingLoop } from './polling-loop';
import { traceHeadersOf } from './trace-context';

export interface OutboxRow {
  sequence: number;
  eventId: string;
  topic: string;
  key: string;
  payload: string;
  /** The recording span's W3C trace context as stored (JSON); sent on as the message's trace headers. */
  traceContext?: string | null;
}

export interface OutboxStore {
  /** The oldest rows to publish: never a parked row, nor a later row of a parked row's key. */
  nextBatch(limit: number): Promise<OutboxRow[]>;
  markPublished(sequences: number[], at: Date): Promise<void>;
  /** A publish that failed, whoever's fault: counted on every row that was in it. */
  markFailed(sequences: number[], error: string): Promise<void>;
  /**
   * The broker refused this row alone while it took others: counts a refusal and parks the row
   * once it has `parkAfter` of them. Answers whether the row is parked now.
   */
  markRefused(sequence: number, error: string, parkAfter: number): Promise<boolean>;
}

export interface Publisher {
  publish(messages: OutgoingMessage[]): Promise<void>;
}

export interface OutboxRelayOptions {
  batchSize: number;
  pollIntervalMs: number;
  /** Upper bound of the pause after a failed publish; doubles from pollIntervalMs up to this. */
  maxBackoffMs?: number;
  /** Refusals of one row (while other rows went out) after which it is parked; 5 unless set. */
  parkAfterRefusals?: number;
  log?: (level: 'warn' | 'log', message: string) => void;
}

/**
 * Rows tried one by one after a batch failed, before the relay concludes the broker itself is away
 * (nothing went out) and backs off: an outage costs this many extra sends, not a batch's worth.
 */
const PROBES_WITHOUT_SUCCESS = 3;
const DEFAULT_PARK_AFTER = 5;

/**
 * Moves committed outbox rows to the broker. At-least-once: a row is marked published only after
 * the broker acknowledged it, so a crash in between publishes it again and consumers dedupe by eventId.
 *
 * A message the broker keeps refusing (too large, invalid, not allowed on its topic) must not hold
 * up the others: when a batch fails twice in a row, its rows are tried one at a time. If some go out, the broker
 * is up and each row it refused gets a refusal; after `parkAfterRefusals` the row is parked, shown
 * on the ops page, and the relay moves on. Later rows of a refused row's key wait behind it, so one
 * key's events still reach the broker in order. If nothing goes out, the broker is away: nothing is
 * counted against any row, and the relay backs off.
 */
export class OutboxRelay {
  private batchFailures = 0;
  private readonly loop: PollingLoop;

  constructor(
    private readonly store: OutboxStore,
    private readonly publisher: Publisher,
    private readonly options: OutboxRelayOptions,
  ) {
    // A full batch means more is waiting: go again at once.
    this.loop = new PollingLoop(async () => (await this.relayOnce()) >= options.batchSize, {
      name: 'outbox relay',
      intervalMs: options.pollIntervalMs,
      maxBackoffMs: options.maxBackoffMs ?? 10_000,
      log: options.log ?? (() => undefined),
    });
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** New rows were committed (in this process, or in another as the database announced): relay them now instead of after the poll interval. */
  wake(): void {
    this.loop.wake();
  }

  /** Publishes one batch; returns how many events went out. Throws when none could (the broker is away). */
  async relayOnce(): Promise<number> {
    const batch = await this.store.nextBatch(this.options.batchSize);
    if (batch.length === 0) return 0;
    const sequences = batch.map((row) => row.sequence);
    try {
      await this.publisher.publish(batch.map(messageOf));
    } catch (error) {
      await this.store.markFailed(sequences, errorMessage(error));
      // A passing blip gets one more try as a batch; a batch refused twice in a row, row by row.
      this.batchFailures += 1;
      if (this.batchFailures < 2) throw error;
      return this.oneByOne(batch, error);
    }
    this.batchFailures = 0;
    await this.store.markPublished(sequences, new Date());
    return batch.length;
  }

  private async oneByOne(batch: OutboxRow[], batchError: unknown): Promise<number> {
    const blockedKeys = new Set<string>();
    const refused: { row: OutboxRow; error: string }[] = [];
    let published = 0;
    for (const row of batch) {
      if (blockedKeys.has(row.key)) continue;
      try {
        await this.publisher.publish([messageOf(row)]);
      } catch (error) {
        blockedKeys.add(row.key);
        refused.push({ row, error: errorMessage(error) });
        if (published === 0 && refused.length >= PROBES_WITHOUT_SUCCESS) break;
        continue;
      }
      await this.store.markPublished([row.sequence], new Date());
      published += 1;
    }
    // Nothing went out: the broker is away, or every row tried is refused; no row can be blamed.
    if (published === 0) throw batchError;
    const parkAfter = this.options.parkAfterRefusals ?? DEFAULT_PARK_AFTER;
    for (const { row, error } of refused) {
      const parked = await this.store.markRefused(row.sequence, error, parkAfter);
      this.options.log?.(
        'warn',
        parked
          ? `outbox relay: parked event ${row.eventId} (key ${row.key}) after ${parkAfter} refusals while others went out: ${error}; retry it from the ops page`
          : `outbox relay: the broker refused event ${row.eventId} (key ${row.key}) while it took others: ${error}`,
      );
    }
    return published;
  }
}

function messageOf(row: OutboxRow): OutgoingMessage {
  // The consumers continue the trace of the request (or workflow step) that recorded the event.
  return { topic: row.topic, key: row.key, value: row.payload, headers: { 'event-id': row.eventId, ...traceHeadersOf(row.traceContext) } };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
