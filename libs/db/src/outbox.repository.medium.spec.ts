import { createTestDatabase, type TestDatabase } from '@bishan/testing';
import { OutboxRepository } from './outbox.repository';
import { createDatabase, type Database } from './prisma-client';

describe('OutboxRepository: parking what the broker keeps refusing (real database)', () => {
  let database: TestDatabase;
  let db: Database;
  let outbox: OutboxRepository;

  beforeAll(async () => {
    database = await createTestDatabase('outbox-parking');
    db = await createDatabase(database.url);
    outbox = new OutboxRepository(db);
    // case-b's first event is the one the broker refuses; its second must wait behind it.
    const rows = [
      ['e1', 'case-a'],
      ['e2', 'case-b'],
      ['e3', 'case-c'],
      ['e4', 'case-b'],
    ];
    for (const [eventId, key] of rows)
      await db.outboxEvent.create({
        data: { eventId: eventId!, topic: 'case.events.v1', key: key!, type: 'caseRaised', version: 1, payload: '{}', occurredAt: new Date() },
      });
  }, 60_000);

  afterAll(async () => {
    await db?.$disconnect();
    database?.remove();
  });

  const batchIds = async () => (await outbox.nextBatch(10)).map((row) => row.eventId);
  const sequenceOf = async (eventId: string) => (await db.outboxEvent.findUniqueOrThrow({ where: { eventId } })).sequence;

  it('counts refusals, parks at the limit, and then leaves the row and its key out of every batch', async () => {
    expect(await batchIds()).toEqual(['e1', 'e2', 'e3', 'e4']);
    const e2 = await sequenceOf('e2');
    expect(await outbox.markRefused(e2, 'message too large', 2)).toBe(false);
    expect(await batchIds()).toEqual(['e1', 'e2', 'e3', 'e4']);
    expect(await outbox.markRefused(e2, 'message too large', 2)).toBe(true);
    expect(await batchIds()).toEqual(['e1', 'e3']);
    await outbox.markPublished([await sequenceOf('e1'), await sequenceOf('e3')], new Date());
    expect(await batchIds()).toEqual([]);
  });

  it('lists the parked event with what waits behind it', async () => {
    const { total, waitingBehind, items } = await outbox.parked(10);
    expect({ total, waitingBehind }).toEqual({ total: 1, waitingBehind: 1 });
    expect(items).toEqual([
      expect.objectContaining({ eventId: 'e2', key: 'case-b', type: 'caseRaised', refusals: 2, lastError: 'message too large', parkedAt: expect.any(Date) }),
    ]);
    expect(await outbox.backlog()).toBe(2);
  });

  it("puts a parked event back in line on an admin's retry, its refusals counted afresh", async () => {
    expect(await outbox.retryParked(['e2', 'e1', 'no-such-event'])).toEqual({ retried: ['e2'], notParked: ['e1', 'no-such-event'] });
    expect(await batchIds()).toEqual(['e2', 'e4']);
    expect(await db.outboxEvent.findUniqueOrThrow({ where: { eventId: 'e2' } })).toMatchObject({ refusals: 0, parkedAt: null });
    expect((await outbox.parked(10)).total).toBe(0);
  });
});
