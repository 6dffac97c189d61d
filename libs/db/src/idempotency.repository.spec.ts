import { PrismaClientKnownRequestError } from '@prisma/client/runtime/client';
import { IdempotencyRepository } from './idempotency.repository';
import type { Database } from './prisma-client';

const now = new Date('2025-03-03T02:00:00.000Z');

/** The record another request inserted between this request's read and its own insert. */
function databaseWhereAnotherClaimWinsTheRace(createError: Error) {
  let transactions = 0;
  const winner = { scope: 's', key: 'k', requestHash: 'h', status: 0, responseBody: '', createdAt: now };
  const db = {
    $transaction: async (work: (tx: unknown) => Promise<unknown>) => {
      transactions += 1;
      const first = transactions === 1;
      return work({
        idempotencyRecord: {
          findUnique: () => Promise.resolve(first ? null : winner),
          create: () => Promise.reject(createError),
          update: () => Promise.reject(new Error('not expected')),
        },
      });
    },
  };
  return { db: db as unknown as Database, transactions: () => transactions };
}

describe('IdempotencyRepository.claim', () => {
  it('reads again after losing an insert race on the key, and reports the winner still in progress', async () => {
    const unique = new PrismaClientKnownRequestError('Unique constraint failed on the fields: (`scope`,`key`)', {
      code: 'P2002',
      clientVersion: '7.10.0',
    });
    const { db, transactions } = databaseWhereAnotherClaimWinsTheRace(unique);
    expect(await new IdempotencyRepository(db).claim('s', 'k', 'h', now)).toEqual({ outcome: 'in-progress' });
    expect(transactions()).toBe(2);
  });

  it('passes any other failure on', async () => {
    const { db, transactions } = databaseWhereAnotherClaimWinsTheRace(new Error('disk I/O error'));
    await expect(new IdempotencyRepository(db).claim('s', 'k', 'h', now)).rejects.toThrow('disk I/O error');
    expect(transactions()).toBe(1);
  });
});

describe('IdempotencyRepository.prune', () => {
  it('deletes the records made before the cut-off and says how many', async () => {
    const deleted: unknown[] = [];
    const db = {
      idempotencyRecord: {
        deleteMany: (query: unknown) => {
          deleted.push(query);
          return Promise.resolve({ count: 7 });
        },
      },
    } as unknown as Database;
    const cutOff = new Date('2025-03-02T02:00:00.000Z');
    expect(await new IdempotencyRepository(db).prune(cutOff)).toBe(7);
    expect(deleted).toEqual([{ where: { createdAt: { lt: cutOff } } }]);
  });
});
