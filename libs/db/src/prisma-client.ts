import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@prisma/client';
// Generated from prisma/postgres/schema.prisma (derived from prisma/schema.prisma) to its own
// output, so that it does not overwrite the SQLite client behind @prisma/client.
import { PrismaClient as PostgresPrismaClient } from '.prisma/client-postgres';
import { queryTallyLogOption, tallyQueriesBetweenMarks } from './query-tally';

export type Database = PrismaClient;

/**
 * One client per process. `file:` URLs open the embedded SQLite store; `postgres://` and
 * `postgresql://` URLs open PostgreSQL through the `pg` driver adapter.
 */
export async function createDatabase(databaseUrl: string, options: DatabaseOptions = {}): Promise<Database> {
  if (databaseUrl.startsWith('file:')) return createSqlite(databaseUrl, options.sqliteBusyTimeoutMs ?? SQLITE_BUSY_TIMEOUT_MS);
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return createPostgres(databaseUrl);
  throw new Error(
    `DATABASE_URL ${redact(databaseUrl)}: expected file:… (SQLite) or postgresql://… (PostgreSQL)`,
  );
}

export interface DatabaseOptions {
  /** SQLite only: how long a transaction waits for another process's write lock (tests shorten it). */
  sqliteBusyTimeoutMs?: number;
}

/** How long a connection waits for another process's write lock before SQLITE_BUSY. */
const SQLITE_BUSY_TIMEOUT_MS = 10_000;

/**
 * SQLite runs in WAL mode with a busy timeout because four services share the embedded database
 * file and write to it concurrently. Two more things keep their read-then-write transactions from
 * failing under load:
 * - every transaction starts with BEGIN IMMEDIATE, taking the write lock first (waiting out the
 *   busy timeout for it). A deferred BEGIN reads first and must upgrade to a write lock later,
 *   which fails at once with SQLITE_BUSY_SNAPSHOT when another process committed in between,
 *   and with SQLITE_BUSY when another process holds the lock: the busy timeout cannot help.
 * - a process runs one transaction at a time, queued here before Prisma starts its maxWait and
 *   timeout clocks, so a queue of transactions in one busy process does not time out while waiting
 *   for its own siblings (the driver holds one connection and serialises them anyway).
 */
async function createSqlite(databaseUrl: string, busyTimeoutMs: number): Promise<Database> {
  const adapter = new PrismaBetterSqlite3({ url: databaseUrl, timeout: busyTimeoutMs });
  beginTransactionsImmediately(adapter, busyTimeoutMs);
  const db = new PrismaClient({
    adapter,
    // maxWait covers taking the write lock (up to the busy timeout); timeout is generous because on
    // a loaded machine a short transaction can take seconds of wall time, and failing it only
    // means doing it again.
    transactionOptions: { maxWait: busyTimeoutMs + 2_000, timeout: 20_000 },
    ...queryTallyLogOption(),
  });
  tallyQueriesBetweenMarks(db);
  await db.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  await db.$queryRawUnsafe('PRAGMA synchronous = NORMAL');
  // The driver opens the file with busy_timeout set from `timeout`; checked so that a change in the
  // driver's options cannot silently leave the connection failing at once on a locked file.
  const [busy] = await db.$queryRawUnsafe<{ timeout: bigint | number }[]>('PRAGMA busy_timeout');
  if (Number(busy?.timeout) < busyTimeoutMs) {
    throw new Error(`SQLite busy_timeout is ${String(busy?.timeout)} ms, expected ${busyTimeoutMs}`);
  }
  return serialiseTransactions(db);
}

interface StatementSource {
  prepare(sql: string): { run(): unknown };
  pragma(source: string): unknown;
}

/** The adapter's transaction object as far as this module relies on it. */
interface AdapterTransaction {
  rollback(): Promise<void>;
  /** Throws the driver error converted the way every other query's errors are (SQLITE_BUSY → P1008). */
  onError?(error: unknown): never;
}

/**
 * The better-sqlite3 adapter opens every transaction with a plain (deferred) BEGIN and offers no
 * option for another mode. Its startTransaction also takes an in-process lock first and, if BEGIN
 * throws, never gives it back: one SQLITE_BUSY at BEGIN would leave every later transaction of the
 * process waiting for ever. So the adapter's BEGIN is made a no-op, and BEGIN IMMEDIATE runs here
 * after the adapter has taken its lock; if the write lock cannot be had, the transaction object is
 * released (rollback only unlocks: nothing began) and the error is thrown the adapter's way.
 */
function beginTransactionsImmediately(factory: PrismaBetterSqlite3, busyTimeoutMs: number): void {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    const client = (adapter as unknown as { client?: StatementSource }).client;
    if (!client || typeof client.prepare !== 'function' || typeof client.pragma !== 'function') {
      throw new Error('the SQLite driver adapter no longer exposes its connection: cannot start transactions with BEGIN IMMEDIATE');
    }
    const prepare = client.prepare.bind(client);
    const adapterBegin = { run: () => ({ changes: 0 }) };
    const statements = new StatementCache(prepare as (sql: string) => SqliteStatement, STATEMENT_CACHE_SIZE);
    client.prepare = (sql: string) => (sql === 'BEGIN' ? adapterBegin : statements.get(sql));
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => {
      const transaction = await startTransaction(isolationLevel);
      try {
        await beginImmediate(client, prepare, busyTimeoutMs);
      } catch (error) {
        const unfinished = transaction as unknown as AdapterTransaction;
        await unfinished.rollback();
        if (typeof unfinished.onError === 'function') unfinished.onError(error);
        throw error;
      }
      return transaction;
    };
    return adapter;
  };
}

/** Distinct statements kept compiled per connection; Prisma's SQL differs only by shape (and IN-list length). */
const STATEMENT_CACHE_SIZE = 500;

/** A compiled better-sqlite3 statement, as far as the adapter and this module use one. */
export interface SqliteStatement {
  readonly reader: boolean;
  run(...params: unknown[]): unknown;
  columns(): { name: string; type: string | null }[];
  raw(toggle?: boolean): { all(...params: unknown[]): unknown[] };
}

/**
 * Keeps each SQL text compiled once per connection. The adapter prepares every statement it runs,
 * and better-sqlite3 compiles on every prepare: in the bench's profiles that compiling was several
 * per cent of each service's CPU, for the same few dozen texts (Prisma binds every value as a
 * parameter). A compiled statement cannot be bound twice, so what the adapter gets is a facade that
 * passes its parameters with each run instead. The adapter runs a statement to its end within the
 * call that bound it (`run()` or `raw().all()`), so one compiled statement per text is never used by
 * two queries at once.
 */
export class StatementCache {
  private readonly compiled = new Map<string, SqliteStatement>();

  constructor(
    private readonly prepare: (sql: string) => SqliteStatement,
    private readonly capacity: number,
  ) {}

  get(sql: string): ReusableStatement {
    let statement = this.compiled.get(sql);
    if (statement) {
      // Least recently used goes first: a Map iterates in insertion order.
      this.compiled.delete(sql);
    } else {
      statement = this.prepare(sql);
      if (this.compiled.size >= this.capacity) this.compiled.delete(this.compiled.keys().next().value as string);
    }
    this.compiled.set(sql, statement);
    return new ReusableStatement(statement);
  }

  get size(): number {
    return this.compiled.size;
  }
}

/** What the adapter does with a prepared statement: bind once and run, or run without parameters. */
export class ReusableStatement {
  constructor(private readonly statement: SqliteStatement) {}

  get reader(): boolean {
    return this.statement.reader;
  }

  run(): unknown {
    return this.statement.run();
  }

  bind(params: unknown[]) {
    const statement = this.statement;
    return {
      reader: statement.reader,
      run: () => statement.run(params),
      columns: () => statement.columns(),
      raw: () => ({ all: () => statement.raw(true).all(params) }),
    };
  }
}

/**
 * Takes the write lock without blocking the event loop. The driver is synchronous: with the busy
 * timeout in force, BEGIN IMMEDIATE would sleep inside SQLite — stopping every request, consumer
 * heartbeat and timer of the process — for as long as another process writes. So BEGIN is tried
 * with no busy timeout, and retried after short asynchronous pauses (at most 5 ms: an attempt costs
 * microseconds, and a longer pause leaves the lock idle while writers queue for it) until the busy
 * timeout has passed in all; then the connection's busy timeout is put back for the statements that
 * rely on it.
 */
async function beginImmediate(
  client: StatementSource,
  prepare: StatementSource['prepare'],
  busyTimeoutMs: number,
): Promise<void> {
  const started = Date.now();
  for (let pauseMs = 1; ; pauseMs = Math.min(pauseMs * 2, 5)) {
    client.pragma('busy_timeout = 0');
    try {
      prepare('BEGIN IMMEDIATE').run();
      return;
    } catch (error) {
      const busy = /^SQLITE_BUSY/.test(String((error as { code?: unknown }).code));
      if (!busy || Date.now() - started + pauseMs >= busyTimeoutMs) throw error;
    } finally {
      client.pragma(`busy_timeout = ${busyTimeoutMs}`);
    }
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
}

/** Runs tasks one at a time, in the order they asked. */
export class AsyncMutex {
  private tail: Promise<void> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

/**
 * Queues the client's transactions (interactive and batch) behind one another. A transaction must
 * not start another one on the client inside itself (it would wait for itself); the repositories
 * only use the transaction client they are given.
 */
function serialiseTransactions(db: Database): Database {
  const writes = new AsyncMutex();
  const transaction = db.$transaction.bind(db) as (...args: unknown[]) => Promise<unknown>;
  const serialised = (...args: unknown[]) => writes.run(() => transaction(...args));
  Object.defineProperty(db, '$transaction', { value: serialised, configurable: true, writable: true });
  if (db.$transaction !== (serialised as unknown)) {
    throw new Error('cannot serialise SQLite transactions: the Prisma client refused the wrapper');
  }
  return db;
}

async function createPostgres(databaseUrl: string): Promise<Database> {
  const db = new PostgresPrismaClient({
    adapter: new PrismaPg({ connectionString: databaseUrl }),
    ...queryTallyLogOption(),
  });
  tallyQueriesBetweenMarks(db);
  await db.$connect();
  // Both clients come from the same models (the PostgreSQL schema is derived from the SQLite one),
  // so their APIs are identical; only the generated types are nominally distinct.
  return db as unknown as Database;
}

function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
