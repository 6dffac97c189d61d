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

/** How long a statement waits for another process's write lock before failing with SQLITE_BUSY. */
const SQLITE_BUSY_TIMEOUT_MS = 10_000;

/**
 * SQLite runs in WAL mode because four services share the embedded database file and write to it
 * concurrently. The rules that keep their statements from failing or from stepping on one another
 * under load are `runStatementsInTurn`'s (one connection per process, shared by its requests) and:
 * - a process runs one transaction at a time, queued here before Prisma starts its maxWait and
 *   timeout clocks, so a queue of transactions in one busy process does not time out while waiting
 *   for its own siblings (the driver holds one connection and serialises them anyway).
 */
async function createSqlite(databaseUrl: string, busyTimeoutMs: number): Promise<Database> {
  // No busy timeout on the connection: the driver is synchronous, so SQLite's busy handler would
  // sleep on the event loop. Waiting for the lock is done by `whenTheLockAllows` instead.
  const adapter = new PrismaBetterSqlite3({ url: databaseUrl, timeout: 0 });
  runStatementsInTurn(adapter, busyTimeoutMs);
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
  // Checked so that a change in the driver's defaults cannot silently put the busy handler back on
  // the event loop.
  const [busy] = await db.$queryRawUnsafe<{ timeout: bigint | number }[]>('PRAGMA busy_timeout');
  if (Number(busy?.timeout) !== 0) {
    throw new Error(`SQLite busy_timeout is ${String(busy?.timeout)} ms, expected 0 (locks are waited for asynchronously)`);
  }
  return serialiseTransactions(db);
}

interface StatementSource {
  prepare(sql: string): { run(): unknown };
  pragma(source: string): unknown;
}

/** The adapter's transaction object as far as this module relies on it. */
interface AdapterTransaction {
  commit(): Promise<void>;
  rollback(): Promise<void>;
  /** Throws the driver error converted the way every other query's errors are (SQLITE_BUSY → P1008). */
  onError?(error: unknown): never;
}

/**
 * The better-sqlite3 adapter runs every statement of the process on one connection, and three
 * things it does are unsafe when a process serves many requests at once; this wraps each:
 * - It opens every transaction with a plain (deferred) BEGIN. A deferred transaction reads first and
 *   must upgrade to a write lock later, which fails at once with SQLITE_BUSY_SNAPSHOT when another
 *   process committed in between. So the adapter's BEGIN is made a no-op and BEGIN IMMEDIATE runs
 *   here, taking the write lock first. (Its startTransaction also takes an in-process lock and, if
 *   BEGIN throws, never gives it back; so when the write lock cannot be had the transaction object
 *   is released — rollback only unlocks: nothing began — and the error is thrown the adapter's way.)
 * - A statement sent outside a transaction does not wait for one that is open: it used to run
 *   inside it, reading what another request had not committed, and committed or rolled back with
 *   that request's work. So it waits until no transaction is open on the connection.
 * - Waiting for another process's write lock happened in SQLite's busy handler, which sleeps on
 *   the event loop: every request, consumer heartbeat and timer of the process stopped meanwhile.
 *   The connection has no busy timeout; BEGIN IMMEDIATE and every statement outside a transaction
 *   are retried after short asynchronous pauses instead (`whenTheLockAllows`).
 */
function runStatementsInTurn(factory: PrismaBetterSqlite3, busyTimeoutMs: number): void {
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
    const openTransaction = new OpenTransaction();
    // Without this Prisma assumes SQLite's old limit of 999 values per statement and refuses larger
    // ones (P2029): a 500-case page of the audit anchors' lookup, a count over 1,000 ids.
    const maxBindValues = maxVariableNumber(client);
    adapter.getConnectionInfo = () => ({ maxBindValues, supportsRelationJoins: false });

    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => {
      const transaction = await startTransaction(isolationLevel);
      const unfinished = transaction as unknown as AdapterTransaction;
      let closed: () => void = () => undefined;
      try {
        // Marked open in the same synchronous step as BEGIN: no statement from outside can slip in between.
        await whenTheLockAllows(() => {
          prepare('BEGIN IMMEDIATE').run();
          closed = openTransaction.open();
        }, busyTimeoutMs);
      } catch (error) {
        await unfinished.rollback();
        if (typeof unfinished.onError === 'function') unfinished.onError(error);
        throw error;
      }
      // Prisma sends COMMIT or ROLLBACK as a statement of the transaction, then calls one of these.
      const commit = unfinished.commit.bind(transaction);
      const rollback = unfinished.rollback.bind(transaction);
      unfinished.commit = () => (closed(), commit());
      unfinished.rollback = () => (closed(), rollback());
      return transaction;
    };

    // The driver runs a statement synchronously within the call, so once no transaction is open
    // the statement is done before anything else can begin one.
    const queryRaw = adapter.queryRaw.bind(adapter);
    const executeRaw = adapter.executeRaw.bind(adapter);
    adapter.queryRaw = (query) => whenTheLockAllows(() => openTransaction.whenClosed(() => queryRaw(query)), busyTimeoutMs);
    adapter.executeRaw = (query) => whenTheLockAllows(() => openTransaction.whenClosed(() => executeRaw(query)), busyTimeoutMs);
    return adapter;
  };
}

/** How many bound values one statement may carry, as the linked SQLite was compiled (999 before 3.32). */
function maxVariableNumber(client: StatementSource): number {
  const options = client.pragma('compile_options') as { compile_options: string }[];
  const option = options.map((o) => /^MAX_VARIABLE_NUMBER=(\d+)$/.exec(o.compile_options)).find(Boolean);
  return option ? Number(option[1]) : 999;
}

/** Whether a transaction is open on the connection, and who waits for it to close. */
class OpenTransaction {
  private closing: Promise<void> | undefined;

  /** Marks one open; answers the function that marks it closed (once). */
  open(): () => void {
    let close!: () => void;
    this.closing = new Promise((resolve) => (close = resolve));
    const closing = this.closing;
    return () => {
      if (this.closing === closing) this.closing = undefined;
      close();
    };
  }

  /** Runs `statement` at once if no transaction is open, else as soon as none is. */
  async whenClosed<T>(statement: () => Promise<T>): Promise<T> {
    while (this.closing) await this.closing;
    return statement();
  }
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
 * Runs `attempt` and, while it fails because another process holds the write lock (SQLITE_BUSY,
 * from the driver or converted by the adapter), tries again after short asynchronous pauses — at
 * most 5 ms: an attempt costs microseconds, and a longer pause leaves the lock idle while writers
 * queue for it — until `busyTimeoutMs` has passed in all; then the last error is thrown. A statement
 * that failed with SQLITE_BUSY changed nothing, so trying it again is safe.
 */
async function whenTheLockAllows<T>(attempt: () => T | Promise<T>, busyTimeoutMs: number): Promise<T> {
  const started = Date.now();
  for (let pauseMs = 1; ; pauseMs = Math.min(pauseMs * 2, 5)) {
    try {
      return await attempt();
    } catch (error) {
      if (!isBusy(error) || Date.now() - started + pauseMs >= busyTimeoutMs) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
}

function isBusy(error: unknown): boolean {
  const { code, name, cause } = (error ?? {}) as { code?: unknown; name?: unknown; cause?: { kind?: unknown } };
  return /^SQLITE_BUSY/.test(String(code)) || (name === 'DriverAdapterError' && cause?.kind === 'SocketTimeout');
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
