import type { Prisma } from '@prisma/client';
import type { Database } from './prisma-client';

type Effect = (tx: Prisma.TransactionClient) => Promise<void>;

/** What a consumer's handler needs: apply an event's effect at most once. */
export interface ProcessedEvents {
  applyOnce(consumer: string, eventId: string, effect: Effect): Promise<'applied' | 'duplicate'>;
}

/**
 * Applies a consumer's effect at most once per event: the dedup row and the effect commit together,
 * so a redelivered event (offset not yet committed when the consumer died) changes nothing.
 */
export class ProcessedEventRepository implements ProcessedEvents {
  constructor(private readonly db: Database) {}

  applyOnce(consumer: string, eventId: string, effect: Effect): Promise<'applied' | 'duplicate'> {
    return this.db.$transaction((tx) => applyOnceIn(tx, consumer, eventId, effect));
  }

  /**
   * Applies several events in one transaction, in order, each at most once: `apply` gets a
   * `ProcessedEvents` whose applyOnce runs inside that transaction. One transaction per batch
   * instead of per event is what lets the consumers keep up on a single-writer database. If any
   * effect fails, nothing of the batch is kept and the error is thrown: the caller applies the
   * events one by one to find the culprit.
   */
  applyEachOnce<E>(
    events: readonly E[],
    apply: (processed: ProcessedEvents, event: E) => Promise<void>,
    { lookUpTogether, beforeCommit }: BatchOptions<E> = {},
  ): Promise<void> {
    return this.db.$transaction(async (tx) => {
      // The dedup rows go in with one insert at the end (same transaction, same guarantee); until
      // then the batch remembers what it applied, so an event delivered twice in it is applied once.
      const appliedHere = new Map<string, Prisma.ProcessedEventCreateManyInput>();
      // With `lookUpTogether`, which of the batch's events the consumer applied before is asked once,
      // in the transaction that holds the write lock, instead of once per event.
      const before =
        lookUpTogether &&
        (await appliedBefore(tx, lookUpTogether.consumer, events.map(lookUpTogether.eventIdOf)));
      const wasApplied = async (consumer: string, eventId: string) =>
        before && consumer === lookUpTogether?.consumer
          ? before.has(eventId)
          : (await tx.processedEvent.findUnique({ where: { consumer_eventId: { consumer, eventId } } })) !==
            null;
      const within: ProcessedEvents = {
        async applyOnce(consumer, eventId, effect) {
          const key = JSON.stringify([consumer, eventId]);
          if (appliedHere.has(key)) return 'duplicate';
          if (await wasApplied(consumer, eventId)) return 'duplicate';
          await effect(tx);
          appliedHere.set(key, { consumer, eventId, processedAt: new Date() });
          return 'applied';
        },
      };
      for (const event of events) await apply(within, event);
      if (beforeCommit) await beforeCommit(tx);
      if (appliedHere.size > 0) await tx.processedEvent.createMany({ data: [...appliedHere.values()] });
    });
  }
}

export interface BatchOptions<E> {
  /** With it, which of the batch's events were applied before is asked once (see BatchLookup). */
  lookUpTogether?: BatchLookup<E>;
  /** Writes what the batch's effects gathered instead of writing one by one, in the same transaction. */
  beforeCommit?: Effect;
}

/** The consumer whose events a batch applies, and each event's id: enough to look them all up at once. */
export interface BatchLookup<E> {
  consumer: string;
  eventIdOf: (event: E) => string;
}

async function appliedBefore(
  tx: Prisma.TransactionClient,
  consumer: string,
  eventIds: string[],
): Promise<Set<string>> {
  if (eventIds.length === 0) return new Set();
  const rows = await tx.processedEvent.findMany({
    where: { consumer, eventId: { in: [...new Set(eventIds)] } },
    select: { eventId: true },
  });
  return new Set(rows.map((row) => row.eventId));
}

async function applyOnceIn(
  tx: Prisma.TransactionClient,
  consumer: string,
  eventId: string,
  effect: Effect,
): Promise<'applied' | 'duplicate'> {
  const seen = await tx.processedEvent.findUnique({ where: { consumer_eventId: { consumer, eventId } } });
  if (seen) return 'duplicate';
  await effect(tx);
  await tx.processedEvent.create({ data: { consumer, eventId, processedAt: new Date() } });
  return 'applied';
}
