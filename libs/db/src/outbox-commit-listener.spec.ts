import { EventEmitter } from 'node:events';
import { OUTBOX_COMMIT_CHANNEL, OutboxCommitListener, outboxCommitListenerFor, type ListenConnection } from './outbox-commit-listener';

/** A connection that does what it is told: `refuse` makes connect() fail; `drop()` cuts it as a dead server does. */
class FakeConnection extends EventEmitter implements ListenConnection {
  readonly queries: string[] = [];
  ended = false;

  constructor(private readonly refuse: boolean) {
    super();
  }

  connect(): Promise<void> {
    return this.refuse ? Promise.reject(new Error('connection refused')) : Promise.resolve();
  }

  query(sql: string): Promise<void> {
    this.queries.push(sql);
    return Promise.resolve();
  }

  end(): Promise<void> {
    this.ended = true;
    return Promise.resolve();
  }

  notify(channel: string): void {
    this.emit('notification', { channel });
  }

  drop(): void {
    this.emit('error', new Error('terminating connection due to administrator command'));
    this.emit('end');
  }
}

function setUp(refusals: boolean[] = []) {
  const connections: FakeConnection[] = [];
  const logs: string[] = [];
  let commits = 0;
  const listener = new OutboxCommitListener(
    () => {
      const connection = new FakeConnection(refusals.shift() ?? false);
      connections.push(connection);
      return connection;
    },
    { onCommit: () => (commits += 1), log: (level, message) => logs.push(`${level}: ${message}`), minBackoffMs: 1_000, maxBackoffMs: 4_000 },
  );
  return { listener, connections, logs, commits: () => commits };
}

describe('OutboxCommitListener', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('listens on the outbox channel and calls onCommit for its notifications only, and once on connecting', async () => {
    const { listener, connections, commits } = setUp();
    listener.start();
    await jest.advanceTimersByTimeAsync(0);
    expect(connections).toHaveLength(1);
    expect(connections[0]?.queries).toEqual([`LISTEN ${OUTBOX_COMMIT_CHANNEL}`]);
    // Rows committed before it listened were announced to nobody.
    expect(commits()).toBe(1);

    connections[0]?.notify(OUTBOX_COMMIT_CHANNEL);
    connections[0]?.notify('something_else');
    connections[0]?.notify(OUTBOX_COMMIT_CHANNEL);
    expect(commits()).toBe(3);
    await listener.stop();
  });

  it('logs a lost connection and listens again after a pause that doubles while connecting fails', async () => {
    // The first connection works, then the server is away for two attempts.
    const { listener, connections, logs, commits } = setUp([false, true, true, false]);
    listener.start();
    await jest.advanceTimersByTimeAsync(0);
    connections[0]?.drop();
    expect(logs.filter((line) => line.startsWith('warn'))).toEqual([
      'warn: outbox listener: connection lost: terminating connection due to administrator command; listening again in 1000 ms (1 in a row), the relay polls meanwhile',
    ]);
    expect(connections[0]?.ended).toBe(true);

    await jest.advanceTimersByTimeAsync(999);
    expect(connections).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(connections).toHaveLength(2);
    expect(logs.at(-1)).toBe('warn: outbox listener: cannot listen: connection refused; listening again in 2000 ms (2 in a row), the relay polls meanwhile');
    await jest.advanceTimersByTimeAsync(2_000);
    expect(logs.at(-1)).toBe('warn: outbox listener: cannot listen: connection refused; listening again in 4000 ms (3 in a row), the relay polls meanwhile');
    const before = commits();
    await jest.advanceTimersByTimeAsync(4_000);
    expect(connections).toHaveLength(4);
    expect(connections[3]?.queries).toEqual([`LISTEN ${OUTBOX_COMMIT_CHANNEL}`]);
    expect(logs.at(-1)).toBe(`log: outbox listener: listening on ${OUTBOX_COMMIT_CHANNEL} again after 3 failed attempts`);
    // Listening again wakes the relay for what was committed meanwhile, and notifications count again.
    expect(commits()).toBe(before + 1);
    connections[3]?.notify(OUTBOX_COMMIT_CHANNEL);
    expect(commits()).toBe(before + 2);

    // The pause starts afresh after a success.
    connections[3]?.drop();
    expect(logs.at(-1)).toMatch(/listening again in 1000 ms \(1 in a row\)/);
    await listener.stop();
  });

  it('ends its connection on stop and does not reconnect afterwards', async () => {
    const { listener, connections } = setUp();
    listener.start();
    await jest.advanceTimersByTimeAsync(0);
    await listener.stop();
    expect(connections[0]?.ended).toBe(true);
    connections[0]?.drop();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(connections).toHaveLength(1);
  });

  it('cancels a pending reconnection on stop', async () => {
    const { listener, connections } = setUp([true]);
    listener.start();
    await jest.advanceTimersByTimeAsync(0);
    await listener.stop();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(connections).toHaveLength(1);
  });

  it('is there for PostgreSQL only: SQLite has no NOTIFY, and the relay polls', () => {
    const options = { onCommit: () => undefined, log: () => undefined };
    expect(outboxCommitListenerFor('file:/tmp/bishan.db', options)).toBeNull();
    expect(outboxCommitListenerFor('postgresql://bishan@127.0.0.1:5432/bishan', options)).toBeInstanceOf(OutboxCommitListener);
    expect(outboxCommitListenerFor('postgres://bishan@127.0.0.1:5432/bishan', options)).toBeInstanceOf(OutboxCommitListener);
  });
});
