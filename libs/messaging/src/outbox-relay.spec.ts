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
}

class InMemoryOutbox implements OutboxStore {
  constructor(readonly rows: Row[]) {}
  async nextBatch(limit: number) {
    return this.rows.filter((r) => !r.publishedAt).slice(0, limit);
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
    expect(publisher.sent[0]).toEqual({ topic: 'case.events.v1', key: 'case-0', value: '{"n":1}', headers: { 'event-id': 'e1' } });
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
    expect(outbox.rows.every((r) => !r.publishedAt && r.attempts === 1 && r.lastError === 'broker unavailable')).toBe(true);

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
    expect(warnings).toHaveLength(2);
  });
});
