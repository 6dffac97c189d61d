import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Consumer, Kafka, KafkaMessage } from 'kafkajs';
import { retryWhileRetriable, type RetryPlan } from './kafka';
import type { Publisher } from './outbox-relay';
import { traceHeadersOfMessage, withConsumerSpans } from './trace-context';
import { isTransientError } from './transient-error';

export type Parsed<T> = { ok: true; event: T } | { ok: false; error: string };

export interface EventConsumerOptions<T> {
  groupId: string;
  topic: string;
  deadLetterTopic: string;
  parse: (raw: unknown) => Parsed<T>;
  handle: (event: T) => Promise<void>;
  /**
   * Applies several consecutive valid events at once (one database transaction for all, say), all or
   * nothing. When it fails for any reason, the events are handed to `handle` one at a time, with
   * the usual retries and dead-lettering, so one bad event never holds the others back for long.
   */
  handleBatch?: (events: T[]) => Promise<void>;
  /**
   * The most events given to `handleBatch` at once (default 10): a run holds the database's write
   * lock for its whole transaction, and on SQLite every other writer (the worker recording a
   * case step) waits that long.
   */
  maxBatchSize?: number;
  /** How long a subscription to a topic the brokers do not all know yet is tried (8 × growing 0.5 s). */
  subscribeRetry?: RetryPlan;
  /**
   * Failed attempts at the handler, with errors that are not transient, before the message goes to
   * the dead-letter topic. Transient failures (see `isTransient`) are retried without limit.
   */
  maxAttempts?: number;
  /** The first pause between attempts; it doubles with every failure up to `maxRetryBackoffMs`. */
  retryBackoffMs?: number;
  maxRetryBackoffMs?: number;
  /**
   * How often the group is told this member is alive while it waits to retry; well under the
   * group's session timeout (kafkajs's default is 30 s).
   */
  heartbeatIntervalMs?: number;
  /** Applied messages whose offsets may wait for one commit, within a long batch (default 100). */
  commitEvery?: number;
  /** Whether a handler error is a passing condition (database busy, unreachable, too slow). */
  isTransient?: (error: unknown) => boolean;
  log?: (level: 'warn' | 'log' | 'error', message: string) => void;
  /**
   * Runs after a message's effect is done and before its offset is committed. Fault tests use it
   * to kill the process inside that window; by default it is the environment's hold (see below).
   */
  beforeOffsetCommit?: (where: string, groupId: string) => Promise<void>;
}

/**
 * Outside production, EVENT_CONSUMER_HOLD_BEFORE_COMMIT=<directory> makes each consumer stop for
 * good after applying its first message and before committing its offset, leaving a file named
 * after its group in that directory: a test waits for the file, kills the process, and checks that
 * the redelivered message takes effect once.
 */
export function holdBeforeOffsetCommitFromEnvironment(
  env: NodeJS.ProcessEnv = process.env,
): ((where: string, groupId: string) => Promise<void>) | undefined {
  const directory = env['EVENT_CONSUMER_HOLD_BEFORE_COMMIT'];
  if (!directory || env['NODE_ENV'] === 'production') return undefined;
  let held = false;
  return async (where, groupId) => {
    if (held) return;
    held = true;
    mkdirSync(directory, { recursive: true });
    writeFileSync(path.join(directory, `${groupId}.held`), `${where}\n`);
    await new Promise<never>(() => undefined);
  };
}

/**
 * A consumer group member that commits a message's offset only after its effect is done, or after
 * the message was parked on the dead-letter topic: a crash in between redelivers it, so handlers
 * must be idempotent (they dedupe by event id). A poison message never blocks the partition forever
 * and is never dropped silently: an unreadable one is dead-lettered at once, one whose handler keeps
 * failing after `maxAttempts`. A failure of the database or its connection (`isTransientError`) is
 * not the message's fault, so it is retried without limit instead, with capped backoff and
 * heartbeats: the partition waits for the database rather than losing a valid event.
 */
export class EventConsumer<T> {
  private readonly consumer: Consumer;
  private readonly maxAttempts: number;
  private readonly retryBackoffMs: number;
  private readonly maxRetryBackoffMs: number;
  private readonly heartbeatIntervalMs: number;
  private readonly commitEvery: number;
  private readonly maxBatchSize: number;
  private readonly isTransient: (error: unknown) => boolean;
  private stopping = false;
  private readonly beforeOffsetCommit: ((where: string, groupId: string) => Promise<void>) | undefined;

  constructor(
    kafka: Kafka,
    private readonly deadLetters: Publisher,
    private readonly options: EventConsumerOptions<T>,
  ) {
    this.consumer = kafka.consumer({ groupId: options.groupId, allowAutoTopicCreation: false });
    this.maxAttempts = options.maxAttempts ?? 5;
    this.retryBackoffMs = options.retryBackoffMs ?? 200;
    this.maxRetryBackoffMs = options.maxRetryBackoffMs ?? 30_000;
    this.heartbeatIntervalMs = options.heartbeatIntervalMs ?? 3_000;
    this.commitEvery = options.commitEvery ?? 100;
    this.maxBatchSize = options.maxBatchSize ?? 10;
    this.isTransient = options.isTransient ?? isTransientError;
    this.beforeOffsetCommit = options.beforeOffsetCommit ?? holdBeforeOffsetCommitFromEnvironment();
  }

  async start(): Promise<void> {
    this.stopping = false;
    await this.consumer.connect();
    // The topic may have been created a moment ago by another service: a broker that has not heard
    // of it yet answers a retriable error, which the next metadata round settles.
    await retryWhileRetriable(
      () => this.consumer.subscribe({ topic: this.options.topic, fromBeginning: true }),
      this.options.subscribeRetry ?? { attempts: 8, delayMs: 500 },
    );
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      // Messages are applied in order — one at a time, or runs of valid ones together through
      // handleBatch; their offsets are committed together (at the end of the batch, or every
      // `commitEvery` messages within a long one) rather than one broker round trip per message. A crash before a commit redelivers what was applied since
      // the last one, which the handlers' per-event deduplication turns into no-ops.
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        const { topic, partition } = batch;
        let applied: string | undefined;
        let sinceCommit = 0;
        const commit = async () => {
          if (applied === undefined) return;
          await this.consumer.commitOffsets([{ topic, partition, offset: nextOffset(applied) }]);
          applied = undefined;
          sinceCommit = 0;
        };
        const done = async (messages: KafkaMessage[]) => {
          for (const message of messages) {
            await this.beforeOffsetCommit?.(`${topic}[${partition}]@${message.offset}`, this.options.groupId);
            resolveOffset(message.offset);
            applied = message.offset;
            sinceCommit += 1;
          }
          if (sinceCommit >= this.commitEvery) await commit();
          await heartbeat();
        };
        // Consecutive valid events waiting to be applied together (only with handleBatch).
        let pending: { message: KafkaMessage; event: T }[] = [];
        const flush = async () => {
          const group = pending;
          pending = [];
          if (group.length === 0) return;
          await this.applyGroup(topic, partition, group, heartbeat);
          await done(group.map((p) => p.message));
        };
        try {
          for (const message of batch.messages) {
            if (!isRunning() || isStale()) break;
            if (this.options.handleBatch) {
              const parsed = this.decode(message);
              if (parsed.ok) {
                pending.push({ message, event: parsed.event });
                if (pending.length >= this.maxBatchSize) await flush();
                continue;
              }
              await flush();
            }
            await this.process(topic, partition, message, heartbeat);
            await done([message]);
          }
          if (isRunning() && !isStale()) await flush();
        } catch (error) {
          // Keep what was applied before the message that failed (best effort: when stopping,
          // the connection may already be going; redelivery is harmless either way).
          await commit().catch(() => undefined);
          throw error;
        }
        await commit();
      },
    });
  }

  async stop(): Promise<void> {
    // A message waiting to retry gives up without committing (it is redelivered to whoever takes
    // the partition next), so disconnecting does not wait for the database to come back.
    this.stopping = true;
    await this.consumer.disconnect();
  }

  /** Several events through handleBatch; if that fails, each through `process` in order. */
  private async applyGroup(
    topic: string,
    partition: number,
    group: { message: KafkaMessage; event: T }[],
    heartbeat: () => Promise<void>,
  ): Promise<void> {
    const { handleBatch } = this.options;
    if (handleBatch && group.length > 1) {
      try {
        await withConsumerSpans(
          this.options.groupId,
          topic,
          group.map((g) => g.message),
          () => handleBatch(group.map((g) => g.event)),
        );
        return;
      } catch (error) {
        const first = group[0]?.message.offset;
        const last = group.at(-1)?.message.offset;
        this.options.log?.(
          'warn',
          `${this.options.groupId}: ${topic}[${partition}]@${first}..${last} failed as a batch (${error instanceof Error ? error.message : String(error)}); applying them one by one`,
        );
      }
    }
    for (const { message } of group) await this.process(topic, partition, message, heartbeat);
  }

  private async process(
    topic: string,
    partition: number,
    message: KafkaMessage,
    heartbeat: () => Promise<void>,
  ) {
    const where = `${topic}[${partition}]@${message.offset}`;
    const parsed = this.decode(message);
    if (!parsed.ok) {
      await this.deadLetter(message, where, parsed.error);
      return;
    }
    let failuresThatMayNotPass = 0;
    for (let attempt = 1; ; attempt += 1) {
      try {
        // In a span continuing the trace the message carries (from the outbox row that produced it).
        await withConsumerSpans(this.options.groupId, topic, [message], () =>
          this.options.handle(parsed.event),
        );
        return;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        const transient = this.isTransient(error);
        if (!transient) failuresThatMayNotPass += 1;
        if (!transient && failuresThatMayNotPass >= this.maxAttempts) {
          await this.deadLetter(message, where, `handler failed ${attempt} times: ${reason}`);
          return;
        }
        const backoffMs = Math.min(
          this.retryBackoffMs * 2 ** Math.min(attempt - 1, 30),
          this.maxRetryBackoffMs,
        );
        this.options.log?.(
          'warn',
          `${this.options.groupId}: ${where} attempt ${attempt} failed (${transient ? 'transient, retrying without limit' : `${failuresThatMayNotPass} of ${this.maxAttempts}`}); ` +
            `retrying in ${backoffMs} ms: ${reason}`,
        );
        await this.pauseAlive(backoffMs, heartbeat, where);
      }
    }
  }

  /** Waits before a retry, heartbeating so the group keeps the partition with this member. */
  private async pauseAlive(ms: number, heartbeat: () => Promise<void>, where: string): Promise<void> {
    for (let left = ms; left > 0; left -= this.heartbeatIntervalMs) {
      this.refuseIfStopping(where);
      await sleep(Math.min(left, this.heartbeatIntervalMs));
      await heartbeat();
    }
    this.refuseIfStopping(where);
  }

  private refuseIfStopping(where: string): void {
    if (this.stopping) throw new Error(`${this.options.groupId}: stopping; ${where} is left for redelivery`);
  }

  private decode(message: KafkaMessage): Parsed<T> {
    if (!message.value) return { ok: false, error: 'empty message' };
    let raw: unknown;
    try {
      raw = JSON.parse(message.value.toString('utf8'));
    } catch {
      return { ok: false, error: 'message is not JSON' };
    }
    return this.options.parse(raw);
  }

  private async deadLetter(message: KafkaMessage, where: string, error: string): Promise<void> {
    this.options.log?.('error', `${this.options.groupId}: ${where} dead-lettered: ${error}`);
    await this.deadLetters.publish([
      {
        topic: this.options.deadLetterTopic,
        key: message.key?.toString('utf8') ?? '',
        value: message.value?.toString('utf8') ?? '',
        // The trace goes with it: a replay from the dead-letter topic still names the request that caused it.
        headers: {
          'dead-letter-reason': error.slice(0, 1000),
          'dead-letter-source': where,
          'consumer-group': this.options.groupId,
          ...traceHeadersOfMessage(message.headers),
        },
      },
    ]);
  }
}

// Kafka's committed offset is the next one to read, not the last one processed.
function nextOffset(offset: string): string {
  return (BigInt(offset) + 1n).toString();
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
