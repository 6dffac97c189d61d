import { topics } from '@bishan/contracts';
import type { Prisma } from '@prisma/client';
import type { Database } from './prisma-client';

/**
 * The outbox row of a case or meeting event, all on the case topic; `key` orders them on the
 * broker (a case's events by case, a meeting's by meeting).
 */
export function outboxRowOf(
  event: { eventId: string; type: string; version: number; occurredAt: string },
  key: string,
): Prisma.OutboxEventCreateManyInput {
  return {
    eventId: event.eventId,
    topic: topics.caseEvents,
    key,
    type: event.type,
    version: event.version,
    payload: JSON.stringify(event),
    occurredAt: new Date(event.occurredAt),
  };
}

export interface PendingOutboxEvent {
  sequence: number;
  eventId: string;
  topic: string;
  key: string;
  payload: string;
}

export class OutboxRepository {
  constructor(private readonly db: Database) {}

  /** Oldest first, so events of one case reach the broker in the order they were committed. */
  nextBatch(limit: number): Promise<PendingOutboxEvent[]> {
    return this.db.outboxEvent.findMany({
      where: { publishedAt: null },
      orderBy: { sequence: 'asc' },
      take: limit,
      select: { sequence: true, eventId: true, topic: true, key: true, payload: true },
    });
  }

  async markPublished(sequences: number[], at: Date): Promise<void> {
    await this.db.outboxEvent.updateMany({ where: { sequence: { in: sequences } }, data: { publishedAt: at } });
  }

  async markFailed(sequences: number[], error: string): Promise<void> {
    await this.db.outboxEvent.updateMany({
      where: { sequence: { in: sequences } },
      data: { attempts: { increment: 1 }, lastError: error.slice(0, 2000) },
    });
  }

  backlog(): Promise<number> {
    return this.db.outboxEvent.count({ where: { publishedAt: null } });
  }
}
