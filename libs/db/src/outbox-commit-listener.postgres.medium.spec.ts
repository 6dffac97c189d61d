import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { OutboxRelay, type OutgoingMessage } from '@bishan/messaging';
import { createTestDatabase, waitFor, type TestDatabase } from '@bishan/testing';
import {
  OUTBOX_COMMIT_CHANNEL,
  OUTBOX_LISTENER_APPLICATION_NAME,
  outboxCommitListenerFor,
  type OutboxCommitListener,
} from './outbox-commit-listener';
import { OutboxRepository, outboxRowOf } from './outbox.repository';
import { createDatabase, type Database } from './prisma-client';

// PostgreSQL's own NOTIFY, so it runs wherever a server is given (TEST_POSTGRES_URL; `npm test` in
// CI always has one), whichever database the rest of the suite uses. In CI a missing server is a
// failure, not a skip.
const postgresUrl = process.env['TEST_POSTGRES_URL'];
if (!postgresUrl && process.env['CI'] === 'true') throw new Error('TEST_POSTGRES_URL is required in CI');

/** The row a recording writes for one event (as the case API's raise and the worker's recordings do). */
function rowOf(key: string) {
  const event = { eventId: randomUUID(), type: 'caseRaised', version: 1, occurredAt: new Date().toISOString() };
  return outboxRowOf(event, key, null);
}

(postgresUrl ? describe : describe.skip)('outbox commits notify the relay on PostgreSQL (real server)', () => {
  let testDb: TestDatabase;
  /** The writing process (the case API, another case worker): its own connections. */
  let writer: Database;

  beforeAll(async () => {
    testDb = await createTestDatabase('outbox-notify', { provider: 'postgres' });
    writer = await createDatabase(testDb.url);
  }, 60_000);

  afterAll(async () => {
    await writer?.$disconnect();
    testDb?.remove();
  });

  describe('the triggers', () => {
    let listening: Client;
    const received: string[] = [];

    beforeAll(async () => {
      listening = new Client({ connectionString: testDb.url });
      await listening.connect();
      listening.on('notification', (message) => received.push(message.payload === '' ? 'outbox' : (message.payload ?? '')));
      await listening.query(`LISTEN ${OUTBOX_COMMIT_CHANNEL}`);
    });

    afterAll(() => listening?.end());

    /**
     * Runs `change`, then commits a marker notification. Notifications arrive in commit order, so
     * what arrived before the marker is exactly what `change` announced.
     */
    async function announcedBy(change: () => Promise<unknown>): Promise<string[]> {
      received.length = 0;
      await change().catch(() => undefined);
      const marker = `marker-${randomUUID()}`;
      await writer.$executeRaw`SELECT pg_notify(${OUTBOX_COMMIT_CHANNEL}, ${marker})`;
      await waitFor(async () => (received.includes(marker) ? true : undefined), { description: 'the marker notification' });
      return received.slice(0, received.indexOf(marker));
    }

    it('notify once per committed transaction that inserts outbox rows, and not for one rolled back', async () => {
      expect(
        await announcedBy(() =>
          writer.$transaction(async (tx) => {
            await tx.outboxEvent.createMany({ data: [rowOf('case-a'), rowOf('case-a')] });
            await tx.outboxEvent.create({ data: rowOf('case-b') });
          }),
        ),
      ).toEqual(['outbox']);
      expect(
        await announcedBy(() =>
          writer.$transaction(async (tx) => {
            await tx.outboxEvent.create({ data: rowOf('case-c') });
            throw new Error('the recording failed after its insert');
          }),
        ),
      ).toEqual([]);
      expect(await writer.outboxEvent.count({ where: { key: 'case-c' } })).toBe(0);
    });

    it('notify when a parked row is put back in line, not when the relay parks one', async () => {
      const outbox = new OutboxRepository(writer);
      const row = rowOf('case-parked');
      expect(await announcedBy(() => writer.outboxEvent.create({ data: row }))).toEqual(['outbox']);
      const { sequence } = await writer.outboxEvent.findUniqueOrThrow({ where: { eventId: row.eventId } });
      expect(await announcedBy(() => outbox.markRefused(sequence, 'message too large', 1))).toEqual([]);
      expect(await announcedBy(() => outbox.retryParked([row.eventId]))).toEqual(['outbox']);
      await writer.outboxEvent.deleteMany({});
    });
  });

  describe('a relay in another process, with an hour-long poll', () => {
    let relayDb: Database;
    let relay: OutboxRelay;
    let listener: OutboxCommitListener;
    const published: string[] = [];
    const logs: string[] = [];
    let rounds = 0;

    /** The backend that LISTENs for the relay, as the server sees it. */
    const listenerBackend = async (): Promise<number | undefined> => {
      const rows = await writer.$queryRaw<{ pid: number }[]>`
        SELECT pid FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = ${OUTBOX_LISTENER_APPLICATION_NAME}
          AND query = ${`LISTEN ${OUTBOX_COMMIT_CHANNEL}`}`;
      return rows.length === 1 ? rows[0]?.pid : undefined;
    };
    /** Waits until the relay has finished a round more than `after` and sits in its poll pause. */
    const roundsPast = (after: number) =>
      waitFor(async () => (rounds > after ? rounds : undefined), { description: `a relay round after round ${after}` });
    const publishedAt = (eventId: string) =>
      waitFor(async () => (published.includes(eventId) ? true : undefined), {
        description: `event ${eventId} published (the relay's next poll is an hour away)`,
        timeoutMs: 20_000,
      });

    beforeAll(async () => {
      await writer.outboxEvent.deleteMany({});
      relayDb = await createDatabase(testDb.url);
      const repository = new OutboxRepository(relayDb);
      const store = {
        nextBatch: async (limit: number) => {
          const batch = await repository.nextBatch(limit);
          rounds += 1;
          return batch;
        },
        markPublished: (sequences: number[], at: Date) => repository.markPublished(sequences, at),
        markFailed: (sequences: number[], error: string) => repository.markFailed(sequences, error),
        markRefused: (sequence: number, error: string, parkAfter: number) => repository.markRefused(sequence, error, parkAfter),
      };
      // The broker is not what is tested here: the publisher takes every message.
      const publisher = {
        publish: async (messages: OutgoingMessage[]) => {
          published.push(...messages.map((message) => message.headers?.['event-id'] ?? ''));
        },
      };
      relay = new OutboxRelay(store, publisher, { batchSize: 100, pollIntervalMs: 60 * 60_000 });
      const found = outboxCommitListenerFor(testDb.url, {
        onCommit: () => relay.wake(),
        log: (level, message) => logs.push(`${level}: ${message}`),
        minBackoffMs: 200,
      });
      if (!found) throw new Error('no listener for a PostgreSQL URL');
      listener = found;
      listener.start();
      await waitFor(listenerBackend, { description: 'the listener LISTENing' });
      relay.start();
      // The relay's first round finds nothing; then it pauses for an hour.
      await roundsPast(0);
    }, 60_000);

    afterAll(async () => {
      await listener?.stop();
      await relay?.stop();
      await relayDb?.$disconnect();
    });

    it('publishes a row committed by another client at once, not at the next poll', async () => {
      const row = rowOf('case-raised-by-the-api');
      await writer.$transaction((tx) => tx.outboxEvent.createMany({ data: [row] }));
      await publishedAt(row.eventId);
      expect(await writer.outboxEvent.findUniqueOrThrow({ where: { eventId: row.eventId } })).toMatchObject({ publishedAt: expect.any(Date) });
    });

    it('listens again after its connection is killed, logs it, and is woken again', async () => {
      const killed = await listenerBackend();
      expect(killed).toBeDefined();
      const roundsBefore = rounds;
      await writer.$queryRaw`SELECT pg_terminate_backend(${killed}::int)`;
      const again = await waitFor(async () => {
        const pid = await listenerBackend();
        return pid !== undefined && pid !== killed ? pid : undefined;
      }, { description: 'the listener LISTENing on a new connection' });
      expect(again).not.toBe(killed);
      expect(logs.some((line) => line.startsWith('warn: outbox listener: connection lost'))).toBe(true);
      // Listening again wakes the relay once (for rows committed meanwhile); after that round it
      // pauses for an hour, so only a notification on the new connection can publish the next row.
      await roundsPast(roundsBefore);

      const row = rowOf('case-recorded-by-another-worker');
      await writer.$transaction((tx) => tx.outboxEvent.createMany({ data: [row] }));
      await publishedAt(row.eventId);
    });
  });
});
