import type { Prisma } from '@prisma/client';
import type { Database } from './prisma-client';

/**
 * Applies a consumer's effect at most once per event: the dedup row and the effect commit together,
 * so a redelivered event (offset not yet committed when the consumer died) changes nothing.
 */
export class ProcessedEventRepository {
  constructor(private readonly db: Database) {}

  async applyOnce(
    consumer: string,
    eventId: string,
    effect: (tx: Prisma.TransactionClient) => Promise<void>,
  ): Promise<'applied' | 'duplicate'> {
    return this.db.$transaction(async (tx) => {
      const seen = await tx.processedEvent.findUnique({ where: { consumer_eventId: { consumer, eventId } } });
      if (seen) return 'duplicate';
      await effect(tx);
      await tx.processedEvent.create({ data: { consumer, eventId, processedAt: new Date() } });
      return 'applied';
    });
  }
}
