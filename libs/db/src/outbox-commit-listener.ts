import { Client } from 'pg';

/**
 * The channel PostgreSQL notifies when outbox rows are committed: the triggers of migration
 * `20261205053159_outbox_commit_notify` raise it in the transaction that inserts rows into
 * "OutboxEvent" (whoever writes them: the case API, any case worker) or puts a parked row back in
 * line, so it is delivered on commit only, and once per transaction.
 */
export const OUTBOX_COMMIT_CHANNEL = 'outbox_recorded';

/** What the listener needs of a connection (node-postgres' `Client`; tests give a fake). */
export interface ListenConnection {
  connect(): Promise<unknown>;
  query(sql: string): Promise<unknown>;
  on(event: 'notification', listener: (message: { channel: string }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  end(): Promise<unknown>;
}

export interface OutboxCommitListenerOptions {
  /** Outbox rows were committed (by any process): called on each notification, and after every (re)connection. */
  onCommit: () => void;
  log: (level: 'log' | 'warn', message: string) => void;
  /** The pause before the first reconnection; it doubles with each failure in a row, up to maxBackoffMs. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

/** Names the listening connection in pg_stat_activity. */
export const OUTBOX_LISTENER_APPLICATION_NAME = 'bishan-outbox-listener';

/**
 * A listener of outbox commits for the database at `databaseUrl`, or null when the database cannot
 * notify: SQLite (the embedded default, one machine) has no NOTIFY, so there the relay finds rows
 * written by other processes (the case API's raises) at its next poll, as before.
 */
export function outboxCommitListenerFor(databaseUrl: string, options: OutboxCommitListenerOptions): OutboxCommitListener | null {
  if (!/^postgres(ql)?:\/\//.test(databaseUrl)) return null;
  return new OutboxCommitListener(
    () =>
      new Client({
        connectionString: databaseUrl,
        application_name: OUTBOX_LISTENER_APPLICATION_NAME,
        // A peer that vanished without closing (a network cut) is noticed, and the listener reconnects.
        keepAlive: true,
        connectionTimeoutMillis: 10_000,
      }),
    options,
  );
}

/**
 * Holds one connection that LISTENs on the outbox channel and calls `onCommit` for each
 * notification, so the relay publishes rows committed in other processes at once instead of at its
 * next poll. A lost connection is logged and opened again after a pause that doubles up to
 * `maxBackoffMs`; once listening again it calls `onCommit`, for rows committed while it was away.
 * The relay keeps polling all along: a notification that never arrives delays a row, never loses it.
 */
export class OutboxCommitListener {
  private running = false;
  private connection: ListenConnection | undefined;
  private opening: Promise<void> = Promise.resolve();
  private reconnect: ReturnType<typeof setTimeout> | undefined;
  private failures = 0;

  constructor(
    private readonly newConnection: () => ListenConnection,
    private readonly options: OutboxCommitListenerOptions,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.opening = this.open();
  }

  /** Closes the connection (also one still connecting); no reconnection follows. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.reconnect);
    this.reconnect = undefined;
    const connection = this.connection;
    this.connection = undefined;
    await Promise.all([connection?.end().catch(() => undefined), this.opening]);
  }

  private async open(): Promise<void> {
    const connection = this.newConnection();
    this.connection = connection;
    let lost = false;
    const lose = (reason: string) => {
      if (lost) return;
      lost = true;
      if (this.connection === connection) this.connection = undefined;
      connection.end().catch(() => undefined);
      if (!this.running) return;
      this.failures += 1;
      const delay = this.delay();
      this.options.log(
        'warn',
        `outbox listener: ${reason}; listening again in ${delay} ms (${this.failures} in a row), the relay polls meanwhile`,
      );
      this.reconnect = setTimeout(() => {
        this.reconnect = undefined;
        if (this.running) this.opening = this.open();
      }, delay);
      this.reconnect.unref();
    };
    connection.on('error', (error) => lose(`connection lost: ${error.message}`));
    connection.on('end', () => lose('connection closed'));
    connection.on('notification', (message) => {
      if (message.channel === OUTBOX_COMMIT_CHANNEL) this.commit();
    });
    try {
      await connection.connect();
      await connection.query(`LISTEN ${OUTBOX_COMMIT_CHANNEL}`);
    } catch (error) {
      lose(`cannot listen: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    if (lost || !this.running) return;
    this.options.log(
      'log',
      this.failures > 0
        ? `outbox listener: listening on ${OUTBOX_COMMIT_CHANNEL} again after ${this.failures} failed attempts`
        : `outbox listener: listening on ${OUTBOX_COMMIT_CHANNEL}`,
    );
    this.failures = 0;
    // Rows committed while no connection listened were not announced.
    this.commit();
  }

  private commit(): void {
    try {
      this.options.onCommit();
    } catch (error) {
      this.options.log('warn', `outbox listener: waking the relay failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private delay(): number {
    const min = this.options.minBackoffMs ?? 1_000;
    const max = this.options.maxBackoffMs ?? 30_000;
    return Math.min(max, min * 2 ** Math.min(this.failures - 1, 16));
  }
}
