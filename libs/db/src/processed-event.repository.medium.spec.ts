import { createTestDatabase, type TestDatabase } from '@bishan/testing';
import { createDatabase, type Database } from './prisma-client';
import { ProcessedEventRepository } from './processed-event.repository';

describe('ProcessedEventRepository.applyEachOnce', () => {
  let database: TestDatabase;
  let db: Database;
  let processed: ProcessedEventRepository;
  beforeAll(async () => {
    database = await createTestDatabase('processed-events');
    db = await createDatabase(database.url);
    processed = new ProcessedEventRepository(db);
  });
  afterAll(async () => {
    await db?.$disconnect();
    database?.remove();
  });

  const ids = async (consumer: string) =>
    (await db.processedEvent.findMany({ where: { consumer }, orderBy: { eventId: 'asc' } })).map(
      (p) => p.eventId,
    );

  it('applies each event once, in order, skipping those applied before or earlier in the batch', async () => {
    await processed.applyOnce('batch-a', 'e1', () => Promise.resolve());
    const effects: string[] = [];
    const outcomes: string[] = [];
    await processed.applyEachOnce(['e1', 'e2', 'e3', 'e2'], async (within, eventId) => {
      outcomes.push(await within.applyOnce('batch-a', eventId, async () => void effects.push(eventId)));
    });
    expect(effects).toEqual(['e2', 'e3']);
    expect(outcomes).toEqual(['duplicate', 'applied', 'applied', 'duplicate']);
    expect(await ids('batch-a')).toEqual(['e1', 'e2', 'e3']);
  });

  it('keeps nothing of the batch when one effect fails', async () => {
    const attempt = processed.applyEachOnce(['f1', 'f2', 'f3'], async (within, eventId) => {
      await within.applyOnce('batch-b', eventId, async (tx) => {
        await tx.processedEvent.create({
          data: { consumer: 'batch-b-effects', eventId, processedAt: new Date() },
        });
        if (eventId === 'f3') throw new Error('f3 cannot be applied');
      });
    });
    await expect(attempt).rejects.toThrow('f3 cannot be applied');
    expect(await ids('batch-b')).toEqual([]);
    expect(await ids('batch-b-effects')).toEqual([]);
  });

  it('gives the same outcomes when the batch is looked up together, and still looks up another consumer by itself', async () => {
    await processed.applyOnce('batch-c', 'g1', () => Promise.resolve());
    await processed.applyOnce('batch-c-other', 'g2', () => Promise.resolve());
    const outcomes: string[] = [];
    await processed.applyEachOnce(
      ['g1', 'g2', 'g3', 'g2'],
      async (within, eventId) => {
        outcomes.push(await within.applyOnce('batch-c', eventId, () => Promise.resolve()));
        if (eventId === 'g2')
          outcomes.push(`other ${await within.applyOnce('batch-c-other', eventId, () => Promise.resolve())}`);
      },
      { lookUpTogether: { consumer: 'batch-c', eventIdOf: (eventId) => eventId } },
    );
    expect(outcomes).toEqual([
      'duplicate',
      'applied',
      'other duplicate',
      'applied',
      'duplicate',
      'other duplicate',
    ]);
    expect(await ids('batch-c')).toEqual(['g1', 'g2', 'g3']);
  });
});
