import type { Database } from './prisma-client';
import { isUniqueViolation } from './unique-violation';

export type IdempotencyClaim =
  | { outcome: 'claimed' }
  | { outcome: 'replay'; status: number; body: string }
  | { outcome: 'mismatch' }
  | { outcome: 'in-progress' };

/** A claim older than this whose request never finished (its process died) may be taken over. */
const ABANDONED_AFTER_MS = 60_000;
const PENDING = 0;

/**
 * The first response to a keyed POST. A request claims its key before doing anything, so two
 * concurrent retries cannot both act; the finished response is stored for every later retry.
 */
export class IdempotencyRepository {
  constructor(private readonly db: Database) {}

  async claim(scope: string, key: string, requestHash: string, now = new Date()): Promise<IdempotencyClaim> {
    try {
      return await this.claimOnce(scope, key, requestHash, now);
    } catch (error) {
      // Two first requests with one key raced (PostgreSQL lets both read "no record"; SQLite runs
      // write transactions one at a time): the loser's insert hit the key, and reading again tells
      // it what the winner holds. The failed transaction wrote nothing.
      if (isUniqueViolation(error)) return this.claimOnce(scope, key, requestHash, now);
      throw error;
    }
  }

  private claimOnce(scope: string, key: string, requestHash: string, now: Date): Promise<IdempotencyClaim> {
    return this.db.$transaction(async (tx): Promise<IdempotencyClaim> => {
      const found = await tx.idempotencyRecord.findUnique({ where: { scope_key: { scope, key } } });
      if (!found) {
        await tx.idempotencyRecord.create({ data: { scope, key, requestHash, status: PENDING, responseBody: '', createdAt: now } });
        return { outcome: 'claimed' };
      }
      if (found.requestHash !== requestHash) return { outcome: 'mismatch' };
      if (found.status !== PENDING) return { outcome: 'replay', status: found.status, body: found.responseBody };
      if (now.getTime() - found.createdAt.getTime() < ABANDONED_AFTER_MS) return { outcome: 'in-progress' };
      await tx.idempotencyRecord.update({ where: { scope_key: { scope, key } }, data: { createdAt: now } });
      return { outcome: 'claimed' };
    });
  }

  async complete(scope: string, key: string, status: number, body: string): Promise<void> {
    await this.db.idempotencyRecord.update({ where: { scope_key: { scope, key } }, data: { status, responseBody: body } });
  }

  /** Deletes the records made before `before` (finished or abandoned); returns how many. */
  async prune(before: Date): Promise<number> {
    const { count } = await this.db.idempotencyRecord.deleteMany({ where: { createdAt: { lt: before } } });
    return count;
  }

  /** A request that failed releases its key: a retry may try again. */
  async release(scope: string, key: string): Promise<void> {
    await this.db.idempotencyRecord.deleteMany({ where: { scope, key, status: PENDING } });
  }
}
