import BetterSqlite3 from 'better-sqlite3';
import { createTestDatabase, type TestDatabase } from '@bishan/testing';
import { AsyncMutex, createDatabase, type Database } from './prisma-client';
import { ProcessedEventRepository } from './processed-event.repository';

describe('AsyncMutex', () => {
  it('runs tasks one at a time in order, and a failing task does not block the next', async () => {
    const mutex = new AsyncMutex();
    const log: string[] = [];
    const task = (name: string, fail = false) => async () => {
      log.push(`${name} start`);
      await new Promise((resolve) => setImmediate(resolve));
      log.push(`${name} end`);
      if (fail) throw new Error(name);
      return name;
    };
    const results = await Promise.allSettled([mutex.run(task('a')), mutex.run(task('b', true)), mutex.run(task('c'))]);
    expect(log).toEqual(['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});

describe('createDatabase on SQLite', () => {
  let database: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    database = await createTestDatabase('prisma-client', { provider: 'sqlite' });
    db = await createDatabase(database.url);
  });
  afterAll(async () => {
    await db?.$disconnect();
    database?.remove();
  });

  it('opens the file in WAL mode with no busy timeout: SQLite itself never sleeps waiting for a lock', async () => {
    const [mode] = await db.$queryRawUnsafe<{ journal_mode: string }[]>('PRAGMA journal_mode');
    const [busy] = await db.$queryRawUnsafe<{ timeout: bigint }[]>('PRAGMA busy_timeout');
    expect(mode?.journal_mode).toBe('wal');
    expect(Number(busy?.timeout)).toBe(0);
  });

  it('takes as many values in one statement as the linked SQLite allows, not the 999 Prisma assumes', async () => {
    const [limit] = await db.$queryRawUnsafe<{ compile_options: string }[]>(
      "SELECT compile_options FROM pragma_compile_options WHERE compile_options LIKE 'MAX_VARIABLE_NUMBER=%'",
    );
    expect(Number(limit?.compile_options.split('=')[1])).toBeGreaterThanOrEqual(5_000);
    const eventIds = Array.from({ length: 5_000 }, (_, i) => `many-${i}`);
    await db.processedEvent.createMany({ data: eventIds.slice(0, 3).map((eventId) => ({ consumer: 'many', eventId, processedAt: new Date() })) });
    await expect(db.processedEvent.count({ where: { consumer: 'many', eventId: { in: eventIds } } })).resolves.toBe(3);
  });

  it('runs one transaction at a time, so many concurrent read-then-write transactions all succeed', async () => {
    const processed = new ProcessedEventRepository(db);
    let inFlight = 0;
    let mostInFlight = 0;
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        processed.applyOnce('prisma-client-spec', `event-${i % 20}`, async (tx) => {
          inFlight += 1;
          mostInFlight = Math.max(mostInFlight, inFlight);
          await tx.processedEvent.count();
          await new Promise((resolve) => setImmediate(resolve));
          inFlight -= 1;
        }),
      ),
    );
    expect(mostInFlight).toBe(1);
    expect(outcomes.filter((o) => o === 'applied')).toHaveLength(20);
    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(20);
  });

  it('takes the write lock when a transaction begins, before its first read', async () => {
    const other = new BetterSqlite3(database.url.replace(/^file:/, ''), { timeout: 0 });
    try {
      let otherCouldWrite: boolean | undefined;
      await db.$transaction(async (tx) => {
        await tx.processedEvent.count();
        try {
          other.prepare('BEGIN IMMEDIATE').run();
          other.prepare('ROLLBACK').run();
          otherCouldWrite = true;
        } catch (error) {
          expect((error as { code?: string }).code).toMatch(/^SQLITE_BUSY/);
          otherCouldWrite = false;
        }
      });
      expect(otherCouldWrite).toBe(false);
    } finally {
      other.close();
    }
  });
  it('gives the connection back when a transaction cannot take the write lock in time', async () => {
    const impatient = await createDatabase(database.url, { sqliteBusyTimeoutMs: 300 });
    const other = new BetterSqlite3(database.url.replace(/^file:/, ''), { timeout: 0 });
    const count = () => impatient.$transaction(async (tx) => tx.processedEvent.count());
    try {
      other.prepare('BEGIN IMMEDIATE').run();
      // SQLite's SQLITE_BUSY arrives as Prisma's "operation timed out", which callers retry.
      await expect(count()).rejects.toMatchObject({ code: 'P1008' });
      other.prepare('ROLLBACK').run();
      // Before the fix the failed BEGIN kept the adapter's lock and this waited for ever.
      const stuck = new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('the next transaction never started: the failed one kept the lock')), 5_000).unref(),
      );
      await expect(Promise.race([count(), stuck])).resolves.toEqual(expect.any(Number));
    } finally {
      other.close();
      await impatient.$disconnect();
    }
  });
  it('keeps a statement sent outside a transaction out of the transaction open on the connection', async () => {
    const events = (consumer: string) => db.processedEvent.findMany({ where: { consumer }, select: { eventId: true } });
    let seenFromOutside: { eventId: string }[] | undefined;
    let outside: Promise<unknown> | undefined;
    const rolledBack = db
      .$transaction(async (tx) => {
        await tx.processedEvent.create({ data: { consumer: 'turns', eventId: 'inside', processedAt: new Date() } });
        // Another request of the same process reads and writes while this transaction is open.
        outside = Promise.all([
          events('turns').then((rows) => (seenFromOutside = rows)),
          db.processedEvent.create({ data: { consumer: 'turns', eventId: 'outside', processedAt: new Date() } }),
        ]);
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(seenFromOutside).toBeUndefined(); // still waiting for this transaction to end
        throw new Error('roll back');
      })
      .catch((error: Error) => error.message);
    await expect(rolledBack).resolves.toBe('roll back');
    await outside;
    // The outside read saw nothing uncommitted, and the outside write outlived the rollback.
    expect(seenFromOutside).toEqual([]);
    expect(await events('turns')).toEqual([{ eventId: 'outside' }]);
  });

  it.each([
    ['a transaction', (on: Database) => on.$transaction(async (tx) => tx.processedEvent.count())],
    [
      'a write outside a transaction',
      (on: Database) => on.processedEvent.create({ data: { consumer: 'locked', eventId: 'e1', processedAt: new Date() } }),
    ],
  ])("waits for another connection's write lock without blocking the event loop: %s", async (_what, statement) => {
    const patient = await createDatabase(database.url, { sqliteBusyTimeoutMs: 3_000 });
    const other = new BetterSqlite3(database.url.replace(/^file:/, ''), { timeout: 0 });
    try {
      other.prepare('BEGIN IMMEDIATE').run();
      // Released by a timer of this very process: if waiting for the lock blocked the event loop,
      // the timer could not fire before the busy timeout ran out and the statement would fail.
      setTimeout(() => other.open && other.prepare('ROLLBACK').run(), 200);
      const startedAt = Date.now();
      await expect(statement(patient)).resolves.toBeDefined();
      const waited = Date.now() - startedAt;
      expect(waited).toBeGreaterThanOrEqual(150);
      expect(waited).toBeLessThan(2_500);
    } finally {
      other.close();
      await patient.$disconnect();
    }
  });

  it('fails a write outside a transaction after the busy timeout, having changed nothing', async () => {
    const impatient = await createDatabase(database.url, { sqliteBusyTimeoutMs: 300 });
    const other = new BetterSqlite3(database.url.replace(/^file:/, ''), { timeout: 0 });
    try {
      other.prepare('BEGIN IMMEDIATE').run();
      await expect(
        impatient.processedEvent.create({ data: { consumer: 'never', eventId: 'e1', processedAt: new Date() } }),
      ).rejects.toMatchObject({ code: 'P1008' });
      other.prepare('ROLLBACK').run();
      expect(await impatient.processedEvent.count({ where: { consumer: 'never' } })).toBe(0);
    } finally {
      other.close();
      await impatient.$disconnect();
    }
  });
});

