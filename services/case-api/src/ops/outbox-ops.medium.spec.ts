import type { AppConfig } from '@bishan/config';
import { AdminAuditLog, createDatabase, OutboxRepository, type Database } from '@bishan/db';
import type { Actor } from '@bishan/domain';
import { ProblemException, ZodValidationPipe } from '@bishan/service-runtime';
import { createTestDatabase, type TestDatabase } from '@bishan/testing';
import { retryParkedBody } from './ops.schemas';
import { OutboxOpsHandler } from './outbox-ops.handler';

const admin: Actor = { id: 'admin', role: 'admin' } as Actor;
const audit = { signingKeyId: 'test', keys: [{ id: 'test', secret: 'a-test-audit-key-of-at-least-32-characters' }] };

describe('the ops overview shows parked outbox events, and an admin retries them (real database)', () => {
  let testDb: TestDatabase;
  let db: Database;
  let ops: OutboxOpsHandler;

  beforeAll(async () => {
    testDb = await createTestDatabase('ops-outbox');
    db = await createDatabase(testDb.url);
    ops = new OutboxOpsHandler(db, { audit } as unknown as AppConfig);
    const event = (eventId: string, key: string) => ({
      eventId,
      topic: 'case.events.v1',
      key,
      type: 'case.raised',
      version: 1,
      payload: '{}',
      occurredAt: new Date('2026-12-01T02:00:00Z'),
    });
    await db.outboxEvent.createMany({ data: [event('m-1', 'meeting-7'), event('c-1', 'case-x'), event('c-2', 'case-x'), event('ok', 'case-y')] });
    // The relay's view of a broker refusing both first events while taking the others.
    const outbox = new OutboxRepository(db);
    for (const eventId of ['m-1', 'c-1']) {
      const { sequence } = await db.outboxEvent.findUniqueOrThrow({ where: { eventId } });
      await outbox.markFailed([sequence], 'The request included a message larger than the max message size the server will accept');
      await outbox.markRefused(sequence, 'The request included a message larger than the max message size the server will accept', 1);
    }
  }, 60_000);

  afterAll(async () => {
    await db?.$disconnect();
    testDb?.remove();
  });

  it('lists each parked event with its refusals and error, and counts what waits behind them', async () => {
    const overview = await ops.overview(100);
    expect(overview).toMatchObject({ backlog: 4, failing: 2, oldestOccurredAt: '2026-12-01T02:00:00.000Z' });
    expect(overview.parked.total).toBe(2);
    expect(overview.parked.waitingBehind).toBe(1);
    expect(overview.parked.items).toEqual([
      expect.objectContaining({ eventId: 'm-1', key: 'meeting-7', caseId: null, refusals: 1, attempts: 1, lastError: expect.stringContaining('max message size') }),
      expect.objectContaining({ eventId: 'c-1', key: 'case-x', type: 'case.raised', caseEventType: 'caseRaised', refusals: 1, parkedAt: expect.any(String) }),
    ]);
  });

  it('puts the chosen parked events back in line and names the ids that were not parked', async () => {
    await expect(ops.retry(admin, ['c-1', 'ok', 'nothing'])).resolves.toEqual({ retried: ['c-1'], notParked: ['ok', 'nothing'] });
    const after = await ops.overview(100);
    expect(after.parked).toMatchObject({ total: 1, waitingBehind: 0, items: [expect.objectContaining({ eventId: 'm-1' })] });
    expect((await new OutboxRepository(db).nextBatch(10)).map((row) => row.eventId)).toEqual(['c-1', 'c-2', 'ok']);
    // The retry is in the admin audit chain, with the rows it put back.
    const log = new AdminAuditLog(db, audit);
    expect((await log.list({ limit: 10 })).items).toEqual([
      expect.objectContaining({ actorId: 'admin', action: 'ops.outbox.retry', target: 'outbox', data: JSON.stringify({ eventIds: ['c-1'] }) }),
    ]);
    await expect(log.verify()).resolves.toMatchObject({ ok: true, entries: 1 });
  });

  it('takes 1 to 500 event ids and nothing else', () => {
    const pipe = new ZodValidationPipe(retryParkedBody);
    expect(pipe.transform({ eventIds: ['a'] })).toEqual({ eventIds: ['a'] });
    expect(() => pipe.transform({ eventIds: [] })).toThrow(ProblemException);
    expect(() => pipe.transform({ eventIds: Array.from({ length: 501 }, (_, i) => `e${i}`) })).toThrow(ProblemException);
    expect(() => pipe.transform({ eventIds: ['a'], all: true })).toThrow(ProblemException);
  });
});
