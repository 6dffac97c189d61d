import type { OutgoingMessage } from './event-publisher';
import { OutboxRelay, type OutboxStore, type Publisher } from './outbox-relay';

interface Row {
  sequence: number;
  eventId: string;
  topic: string;
  key: string;
  payload: string;
  publishedAt?: Date;
  attempts: number;
  lastError?: string;
  refusals?: number;
  parkedAt?: Date;
}

class InMemoryOutbox implements OutboxStore {
  constructor(readonly rows: Row[]) {}
  async nextBatch(limit: number) {
    const parkedKeys = new Set(this.rows.filter((r) => r.parkedAt && !r.publishedAt).map((r) => r.key));
    return this.rows.filter((r) => !r.publishedAt && !parkedKeys.has(r.key)).slice(0, limit);
  }
  async markRefused(sequence: number, error: string, parkAfter: number) {
    const row = this.rows.find((r) => r.sequence === sequence);
    if (!row) throw new Error(`no row ${sequence}`);
    row.refusals = (row.refusals ?? 0) + 1;
    row.lastError = error;
    if (row.refusals >= parkAfter) row.parkedAt = new Date();
    return Boolean(row.parkedAt);
  }
  async markPublished(sequences: number[], at: Date) {
    for (const row of this.rows) if (sequences.includes(row.sequence)) row.publishedAt = at;
  }
  async markFailed(sequences: number[], error: string) {
    for (const row of this.rows)
      if (sequences.includes(row.sequence)) {
        row.attempts += 1;
        row.lastError = error;
      }
  }
}

class RecordingPublisher implements Publisher {
  sent: OutgoingMessage[] = [];
  failNext = 0;
  async publish(messages: OutgoingMessage[]) {
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error('broker unavailable');
    }
    this.sent.push(...messages);
  }
}

afterEach(() => jest.useRealTimers());

const rows = (n: number): Row[] =>
  Array.from({ length: n }, (_, i) => ({
    sequence: i + 1,
    eventId: `e${i + 1}`,
    topic: 'case.events.v1',
    key: `case-${i % 2}`,
    payload: `{"n":${i + 1}}`,
    attempts: 0,
  }));

describe('OutboxRelay.relayOnce', () => {
  it('publishes the oldest batch in order, with the event id as a header, then marks it published', async () => {
    const outbox = new InMemoryOutbox(rows(3));
    const publisher = new RecordingPublisher();
    const relay = new OutboxRelay(outbox, publisher, { batchSize: 2, pollIntervalMs: 10 });

    expect(await relay.relayOnce()).toBe(2);
    expect(publisher.sent.map((m) => m.headers?.['event-id'])).toEqual(['e1', 'e2']);
    expect(publisher.sent[0]).toEqual({
      topic: 'case.events.v1',
      key: 'case-0',
      value: '{"n":1}',
      headers: { 'event-id': 'e1' },
    });
    expect(outbox.rows.map((r) => Boolean(r.publishedAt))).toEqual([true, true, false]);

    expect(await relay.relayOnce()).toBe(1);
    expect(await relay.relayOnce()).toBe(0);
  });

  it('keeps rows unpublished and records the error when the broker refuses', async () => {
    const outbox = new InMemoryOutbox(rows(2));
    const publisher = new RecordingPublisher();
    publisher.failNext = 1;
    const relay = new OutboxRelay(outbox, publisher, { batchSize: 10, pollIntervalMs: 10 });

    await expect(relay.relayOnce()).rejects.toThrow('broker unavailable');
    expect(
      outbox.rows.every((r) => !r.publishedAt && r.attempts === 1 && r.lastError === 'broker unavailable'),
    ).toBe(true);

    expect(await relay.relayOnce()).toBe(2);
    expect(publisher.sent).toHaveLength(2);
  });
});

describe('OutboxRelay loop', () => {
  it('drains everything, retrying through failures, and stops when asked', async () => {
    const outbox = new InMemoryOutbox(rows(25));
    const publisher = new RecordingPublisher();
    publisher.failNext = 2;
    const warnings: string[] = [];
    const relay = new OutboxRelay(outbox, publisher, {
      batchSize: 10,
      pollIntervalMs: 1,
      log: (level, message) => level === 'warn' && warnings.push(message),
    });

    relay.start();
    while (outbox.rows.some((r) => !r.publishedAt)) await new Promise((r) => setTimeout(r, 5));
    await relay.stop();

    expect(publisher.sent.map((m) => m.headers?.['event-id'])).toEqual(outbox.rows.map((r) => r.eventId));
    // The batch failed twice; after the second its rows were sent one by one, and went out.
    expect(warnings).toHaveLength(1);
  });
});

/** A broker that refuses one event forever (say, too large for it) and takes everything else. */
class RefusingPublisher implements Publisher {
  sent: OutgoingMessage[] = [];
  sends = 0;
  constructor(private readonly refusedEventId: string) {}
  async publish(messages: OutgoingMessage[]) {
    this.sends += 1;
    if (messages.some((m) => m.headers?.['event-id'] === this.refusedEventId))
      throw new Error(
        'The request included a message larger than the max message size the server will accept',
      );
    this.sent.push(...messages);
  }
}

const row = (sequence: number, key: string): Row => ({
  sequence,
  eventId: `e${sequence}`,
  topic: 'case.events.v1',
  key,
  payload: `{"n":${sequence}}`,
  attempts: 0,
});

describe('OutboxRelay with a message the broker keeps refusing', () => {
  it('sends the others, holds the refused key behind it in order, and parks the refused one after N refusals', async () => {
    // e2 is refused; e4 is a later event of the same case and must not overtake it.
    const outbox = new InMemoryOutbox([
      row(1, 'case-a'),
      row(2, 'case-b'),
      row(3, 'case-c'),
      row(4, 'case-b'),
      row(5, 'case-d'),
    ]);
    const publisher = new RefusingPublisher('e2');
    const warnings: string[] = [];
    const relay = new OutboxRelay(outbox, publisher, {
      batchSize: 10,
      pollIntervalMs: 1,
      parkAfterRefusals: 3,
      log: (level, message) => level === 'warn' && warnings.push(message),
    });

    // The first failure of a batch could be a passing blip: it is tried whole once more.
    await expect(relay.relayOnce()).rejects.toThrow('larger than the max message size');
    expect(publisher.sent).toEqual([]);
    expect(await relay.relayOnce()).toBe(3);
    expect(publisher.sent.map((m) => m.headers?.['event-id'])).toEqual(['e1', 'e3', 'e5']);
    const refused = outbox.rows.find((r) => r.eventId === 'e2');
    expect(refused?.refusals).toBe(1);
    expect(refused?.parkedAt).toBeUndefined();
    expect(refused?.lastError).toContain('larger than the max message size');

    // New events keep going out while the refused one is tried again, up to the limit.
    outbox.rows.push(row(6, 'case-e'));
    expect(await relay.relayOnce()).toBe(1);
    outbox.rows.push(row(7, 'case-f'));
    expect(await relay.relayOnce()).toBe(1);
    expect(refused?.refusals).toBe(3);
    expect(refused?.parkedAt).toBeInstanceOf(Date);
    expect(warnings.at(-1)).toMatch(/parked event e2 \(key case-b\) after 3 refusals/);

    // Parked: the relay no longer tries it, nor the later event of its case; everything else flows.
    const sendsBefore = publisher.sends;
    outbox.rows.push(row(8, 'case-g'), row(9, 'case-b'));
    expect(await relay.relayOnce()).toBe(1);
    expect(publisher.sends).toBe(sendsBefore + 1);
    expect(publisher.sent.map((m) => m.headers?.['event-id'])).toEqual(['e1', 'e3', 'e5', 'e6', 'e7', 'e8']);
    expect(outbox.rows.filter((r) => !r.publishedAt).map((r) => r.eventId)).toEqual(['e2', 'e4', 'e9']);
    expect(await relay.relayOnce()).toBe(0);
  });

  it('blames no row while the broker takes nothing, and probes only a few rows alone', async () => {
    const outbox = new InMemoryOutbox(Array.from({ length: 20 }, (_, i) => row(i + 1, `case-${i + 1}`)));
    const publisher = new RecordingPublisher();
    publisher.failNext = 1_000;
    const relay = new OutboxRelay(outbox, publisher, {
      batchSize: 20,
      pollIntervalMs: 1,
      parkAfterRefusals: 1,
    });

    for (let round = 0; round < 4; round++)
      await expect(relay.relayOnce()).rejects.toThrow('broker unavailable');
    // The first round tries the batch; each after it the batch, then three rows alone.
    expect(publisher.failNext).toBe(1_000 - 1 - 3 * 4);
    expect(outbox.rows.every((r) => !r.parkedAt && (r.refusals ?? 0) === 0)).toBe(true);

    publisher.failNext = 0;
    expect(await relay.relayOnce()).toBe(20);
  });

  it('keeps the relay loop moving past a refused message', async () => {
    const outbox = new InMemoryOutbox(rows(12));
    const publisher = new RefusingPublisher('e1');
    const relay = new OutboxRelay(outbox, publisher, {
      batchSize: 5,
      pollIntervalMs: 1,
      parkAfterRefusals: 2,
    });
    jest.useFakeTimers();
    relay.start();
    // e1's key (case-0) holds the even-numbered rows behind it; every other row goes out.
    const expected = outbox.rows.filter((r) => r.key !== 'case-0').map((r) => r.eventId);
    // Virtual time in steps, up to a minute, until the loop has done it: advancing the whole minute at
    // once fires the 1 ms poll 60,000 times, which a loaded machine cannot do in the test's time.
    const parked = () => outbox.rows.find((r) => r.eventId === 'e1')?.parkedAt !== undefined;
    for (let step = 0; step < 600 && !(parked() && publisher.sent.length >= expected.length); step++)
      await jest.advanceTimersByTimeAsync(100);
    await relay.stop();
    expect(publisher.sent.map((m) => m.headers?.['event-id'])).toEqual(expected);
    expect(outbox.rows.find((r) => r.eventId === 'e1')?.parkedAt).toBeInstanceOf(Date);
  });
});

describe('OutboxRelay.wake', () => {
  it('relays rows committed after its last look at once when woken, not an interval later', async () => {
    jest.useFakeTimers();
    const outbox = new InMemoryOutbox([]);
    const publisher = new RecordingPublisher();
    const relay = new OutboxRelay(outbox, publisher, { batchSize: 10, pollIntervalMs: 3_600_000 });
    relay.start();
    await jest.advanceTimersByTimeAsync(0);
    outbox.rows.push(...rows(2));
    await jest.advanceTimersByTimeAsync(0);
    expect(publisher.sent).toHaveLength(0);
    relay.wake();
    await jest.advanceTimersByTimeAsync(0);
    expect(publisher.sent.map((m) => m.headers?.['event-id'])).toEqual(['e1', 'e2']);
    await relay.stop();
  });
});
