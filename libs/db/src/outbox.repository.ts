import { topics } from '@bishan/contracts';
import type { Prisma } from '@prisma/client';
import type { Database } from './prisma-client';
import { traceContextNow } from './trace-context';

/**
 * The outbox row of a case or meeting event, all on the case topic; `key` orders them on the
 * broker (a case's events by case, a meeting's by meeting). `traceContext`: the trace of the span
 * that recorded it (by default the active one), which the relay sends on as Kafka headers.
 */
export function outboxRowOf(
  event: { eventId: string; type: string; version: number; occurredAt: string },
  key: string,
  traceContext: string | null = traceContextNow(),
): Prisma.OutboxEventCreateManyInput {
  return {
    traceContext,
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
  traceContext: string | null;
}

/** An event the broker kept refusing, set aside until an admin retries it. */
export interface ParkedOutboxEvent {
  sequence: number;
  eventId: string;
  topic: string;
  key: string;
  type: string;
  occurredAt: Date;
  attempts: number;
  refusals: number;
  lastError: string | null;
  parkedAt: Date;
}

const unpublished = { publishedAt: null };
const parked = { publishedAt: null, parkedAt: { not: null } };

export class OutboxRepository {
  constructor(private readonly db: Database) {}

  /**
   * Oldest first, so events of one key reach the broker in the order they were committed. A parked
   * row is left out, and so is every later row of its key: they wait behind it, in order.
   */
  async nextBatch(limit: number): Promise<PendingOutboxEvent[]> {
    const heldKeys = await this.parkedKeys();
    return this.db.outboxEvent.findMany({
      where: { ...unpublished, parkedAt: null, ...(heldKeys.length > 0 ? { key: { notIn: heldKeys } } : {}) },
      orderBy: { sequence: 'asc' },
      take: limit,
      select: { sequence: true, eventId: true, topic: true, key: true, payload: true, traceContext: true },
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

  /** One more refusal of this row alone; parks it at `parkAfter`. Answers whether it is parked. */
  async markRefused(sequence: number, error: string, parkAfter: number): Promise<boolean> {
    const { refusals } = await this.db.outboxEvent.update({
      where: { sequence },
      data: { refusals: { increment: 1 }, lastError: error.slice(0, 2000) },
      select: { refusals: true },
    });
    if (refusals < parkAfter) return false;
    await this.db.outboxEvent.updateMany({ where: { sequence, parkedAt: null }, data: { parkedAt: new Date() } });
    return true;
  }

  /** Parked events, oldest first (at most `limit`), and how many later events of their keys wait behind them. */
  async parked(limit: number): Promise<{ total: number; waitingBehind: number; items: ParkedOutboxEvent[] }> {
    const [total, rows, heldKeys] = await Promise.all([
      this.db.outboxEvent.count({ where: parked }),
      this.db.outboxEvent.findMany({
        where: parked,
        orderBy: { sequence: 'asc' },
        take: limit,
        select: {
          sequence: true,
          eventId: true,
          topic: true,
          key: true,
          type: true,
          occurredAt: true,
          attempts: true,
          refusals: true,
          lastError: true,
          parkedAt: true,
        },
      }),
      this.parkedKeys(),
    ]);
    const waitingBehind =
      heldKeys.length === 0 ? 0 : await this.db.outboxEvent.count({ where: { ...unpublished, parkedAt: null, key: { in: heldKeys } } });
    return { total, waitingBehind, items: rows.flatMap(({ parkedAt, ...row }) => (parkedAt ? [{ ...row, parkedAt }] : [])) };
  }

  /**
   * Puts parked events back in line (an admin retries them after fixing the cause): the relay tries
   * each again, with its refusals counted afresh. Ids not parked (unknown, published) are answered apart.
   */
  async retryParked(
    eventIds: readonly string[],
    /** Runs in the same transaction when something was put back (its audit entry). */
    alsoIn?: (tx: Prisma.TransactionClient, retried: string[]) => Promise<unknown>,
  ): Promise<{ retried: string[]; notParked: string[] }> {
    return this.db.$transaction(async (tx) => {
      const found = await tx.outboxEvent.findMany({ where: { ...parked, eventId: { in: [...eventIds] } }, select: { eventId: true } });
      const retried = found.map((row) => row.eventId);
      await tx.outboxEvent.updateMany({ where: { ...parked, eventId: { in: retried } }, data: { parkedAt: null, refusals: 0 } });
      if (retried.length > 0) await alsoIn?.(tx, retried);
      const set = new Set(retried);
      return { retried, notParked: eventIds.filter((id) => !set.has(id)) };
    });
  }

  backlog(): Promise<number> {
    return this.db.outboxEvent.count({ where: unpublished });
  }

  private async parkedKeys(): Promise<string[]> {
    const rows = await this.db.outboxEvent.findMany({ where: parked, select: { key: true }, distinct: ['key'] });
    return rows.map((row) => row.key);
  }
}
