import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Kafka, KafkaMessage } from 'kafkajs';
import { PrismaClientKnownRequestError } from '@prisma/client/runtime/library';
import { EventConsumer, holdBeforeOffsetCommitFromEnvironment, type EventConsumerOptions } from './event-consumer';
import type { OutgoingMessage } from './event-publisher';

/** Settles what is already settled; a promise still pending afterwards is held. */
const stateOf = async (promise: Promise<unknown>) => Promise.race([promise.then(() => 'settled'), Promise.resolve().then(() => 'pending')]);

describe('holdBeforeOffsetCommitFromEnvironment', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'consumer-hold-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is off unless asked, and never in production', () => {
    expect(holdBeforeOffsetCommitFromEnvironment({})).toBeUndefined();
    expect(holdBeforeOffsetCommitFromEnvironment({ EVENT_CONSUMER_HOLD_BEFORE_COMMIT: dir, NODE_ENV: 'production' })).toBeUndefined();
  });

  it('holds the first message for good, says so in a file named after the group, and lets later ones pass', async () => {
    const hold = holdBeforeOffsetCommitFromEnvironment({ EVENT_CONSUMER_HOLD_BEFORE_COMMIT: dir, NODE_ENV: 'test' });
    expect(hold).toBeDefined();
    const first = hold!('case.events.v1[2]@7', 'suite-reporting');
    expect(await stateOf(first)).toBe('pending');
    expect(readFileSync(path.join(dir, 'suite-reporting.held'), 'utf8')).toBe('case.events.v1[2]@7\n');
    expect(await stateOf(hold!('case.events.v1[2]@8', 'suite-reporting'))).toBe('settled');
  });
});

type EachMessage = (payload: { topic: string; partition: number; message: KafkaMessage; heartbeat: () => Promise<void> }) => Promise<void>;

/** A consumer group of one, fed by hand: records commits, heartbeats and dead letters. */
function consumerWithFakes(options: Partial<EventConsumerOptions<{ id: string }>> & Pick<EventConsumerOptions<{ id: string }>, 'handle'>) {
  let eachMessage: EachMessage | undefined;
  const commits: string[] = [];
  const deadLetters: OutgoingMessage[] = [];
  const logs: string[] = [];
  let heartbeats = 0;
  const fakeConsumer = {
    connect: () => Promise.resolve(),
    subscribe: () => Promise.resolve(),
    run: (config: { eachMessage: EachMessage }) => {
      eachMessage = config.eachMessage;
      return Promise.resolve();
    },
    commitOffsets: (offsets: { offset: string }[]) => {
      commits.push(...offsets.map((o) => o.offset));
      return Promise.resolve();
    },
    disconnect: () => Promise.resolve(),
  };
  const kafka = { consumer: () => fakeConsumer } as unknown as Kafka;
  const consumer = new EventConsumer<{ id: string }>(
    kafka,
    { publish: (messages: OutgoingMessage[]) => Promise.resolve(void deadLetters.push(...messages)) },
    {
      groupId: 'suite-reporting',
      topic: 'case.events.v1',
      deadLetterTopic: 'case.events.v1.dlq',
      parse: (raw) => (typeof (raw as { id?: unknown }).id === 'string' ? { ok: true, event: raw as { id: string } } : { ok: false, error: 'id: required' }),
      retryBackoffMs: 1,
      maxRetryBackoffMs: 4,
      heartbeatIntervalMs: 2,
      beforeOffsetCommit: () => Promise.resolve(),
      log: (_level, message) => void logs.push(message),
      ...options,
    },
  );
  const deliver = async (value: string, offset = '41') => {
    if (!eachMessage) await consumer.start();
    const message = { key: Buffer.from('case-1'), value: Buffer.from(value), offset } as unknown as KafkaMessage;
    await eachMessage!({ topic: 'case.events.v1', partition: 0, message, heartbeat: () => Promise.resolve(void (heartbeats += 1)) });
  };
  return { consumer, deliver, commits, deadLetters, logs, heartbeats: () => heartbeats };
}

const timedOut = () => new PrismaClientKnownRequestError('Operation has timed out', { code: 'P1008', clientVersion: '6.19.3' });

describe('EventConsumer retries', () => {
  it('retries a transient database failure past maxAttempts, heartbeating, and applies the event in the end', async () => {
    let calls = 0;
    const fakes = consumerWithFakes({
      maxAttempts: 2,
      handle: () => {
        calls += 1;
        return calls <= 7 ? Promise.reject(timedOut()) : Promise.resolve();
      },
    });
    await fakes.deliver('{"id":"e1"}');
    expect(calls).toBe(8);
    expect(fakes.deadLetters).toEqual([]);
    expect(fakes.commits).toEqual(['42']);
    expect(fakes.heartbeats()).toBeGreaterThanOrEqual(7);
    expect(fakes.logs).toHaveLength(7);
    expect(fakes.logs[6]).toMatch(/attempt 7 failed \(transient, retrying without limit\); retrying in 4 ms: Operation has timed out/);
  });

  it('dead-letters a handler error that is not transient after maxAttempts, then commits', async () => {
    let calls = 0;
    const fakes = consumerWithFakes({
      maxAttempts: 3,
      handle: () => {
        calls += 1;
        return Promise.reject(new Error('unknown village v-404'));
      },
    });
    await fakes.deliver('{"id":"e2"}');
    expect(calls).toBe(3);
    expect(fakes.deadLetters).toHaveLength(1);
    expect(fakes.deadLetters[0]).toMatchObject({ topic: 'case.events.v1.dlq', key: 'case-1', value: '{"id":"e2"}' });
    expect(fakes.deadLetters[0]?.headers?.['dead-letter-reason']).toBe('handler failed 3 times: unknown village v-404');
    expect(fakes.commits).toEqual(['42']);
    expect(fakes.logs.filter((l) => /attempt \d failed \(\d of 3\)/.test(l))).toHaveLength(2);
  });

  it('counts only the failures that are not transient towards maxAttempts', async () => {
    const errors = [timedOut(), new Error('bad'), timedOut(), timedOut(), new Error('bad')];
    let calls = 0;
    const fakes = consumerWithFakes({ maxAttempts: 2, handle: () => Promise.reject(errors[calls++] ?? new Error('bad')) });
    await fakes.deliver('{"id":"e3"}');
    expect(calls).toBe(5);
    expect(fakes.deadLetters).toHaveLength(1);
    expect(fakes.deadLetters[0]?.headers?.['dead-letter-reason']).toBe('handler failed 5 times: bad');
  });

  it('dead-letters an unparseable or invalid message at once, without calling the handler', async () => {
    const handle = jest.fn(() => Promise.resolve());
    const fakes = consumerWithFakes({ handle });
    await fakes.deliver('not json', '7');
    await fakes.deliver('{"other":1}', '8');
    expect(handle).not.toHaveBeenCalled();
    expect(fakes.deadLetters.map((m) => m.headers?.['dead-letter-reason'])).toEqual(['message is not JSON', 'id: required']);
    expect(fakes.commits).toEqual(['8', '9']);
  });

  it('gives up a transient retry loop without committing when stopped, so the message is redelivered', async () => {
    const fakes = consumerWithFakes({ handle: () => Promise.reject(timedOut()) });
    const delivery = fakes.deliver('{"id":"e4"}');
    const outcome = delivery.then(
      () => 'committed',
      (error: Error) => error.message,
    );
    while (fakes.logs.length < 3) await new Promise((resolve) => setTimeout(resolve, 1));
    await fakes.consumer.stop();
    expect(await outcome).toMatch(/stopping; case.events.v1\[0\]@41 is left for redelivery/);
    expect(fakes.commits).toEqual([]);
    expect(fakes.deadLetters).toEqual([]);
  });
});
