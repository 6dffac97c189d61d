import type { Database } from './prisma-client';
import { ProcessedEventRepository } from './processed-event.repository';

/** A database whose transaction client answers the dedup queries from `applied` and counts them. */
function countingDatabase(applied: string[]) {
  const calls = { findUnique: 0, findMany: 0 };
  const tx = {
    processedEvent: {
      findUnique: async ({ where }: { where: { consumer_eventId: { eventId: string } } }) => {
        calls.findUnique += 1;
        return applied.includes(where.consumer_eventId.eventId)
          ? { eventId: where.consumer_eventId.eventId }
          : null;
      },
      findMany: async ({ where }: { where: { eventId: { in: string[] } } }) => {
        calls.findMany += 1;
        return where.eventId.in.filter((id) => applied.includes(id)).map((eventId) => ({ eventId }));
      },
      createMany: async () => ({ count: 0 }),
    },
  };
  const db = {
    $transaction: (work: (client: typeof tx) => Promise<unknown>) => work(tx),
  } as unknown as Database;
  return { db, calls };
}

describe('ProcessedEventRepository.applyEachOnce, looking a batch up together', () => {
  const batch = ['e1', 'e2', 'e3', 'e4'];
  const applyAll = (repository: ProcessedEventRepository, lookUpTogether?: boolean) => {
    const outcomes: string[] = [];
    return repository
      .applyEachOnce(
        batch,
        async (within, eventId) =>
          void outcomes.push(await within.applyOnce('reporting', eventId, () => Promise.resolve())),
        lookUpTogether ? { lookUpTogether: { consumer: 'reporting', eventIdOf: (eventId) => eventId } } : {},
      )
      .then(() => outcomes);
  };

  it('asks once for the whole batch instead of once per event, with the same outcomes', async () => {
    const oneByOne = countingDatabase(['e2']);
    const together = countingDatabase(['e2']);
    const expected = ['applied', 'duplicate', 'applied', 'applied'];
    expect(await applyAll(new ProcessedEventRepository(oneByOne.db))).toEqual(expected);
    expect(await applyAll(new ProcessedEventRepository(together.db), true)).toEqual(expected);
    expect(oneByOne.calls).toEqual({ findUnique: 4, findMany: 0 });
    expect(together.calls).toEqual({ findUnique: 0, findMany: 1 });
  });
});
