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
  applyEachOnce<E>(events: readonly E[], apply: (processed: ProcessedEvents, event: E) => Promise<void>): Promise<void> {
    return this.db.$transaction(async (tx) => {
      const within: ProcessedEvents = {
        applyOnce: (consumer, eventId, effect) => applyOnceIn(tx, consumer, eventId, effect),
      };
      for (const event of events) await apply(within, event);
    });
  }
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
