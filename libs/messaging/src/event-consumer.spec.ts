import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Kafka, KafkaMessage } from 'kafkajs';
import { PrismaClientKnownRequestError } from '@prisma/client/runtime/client';
import {
  EventConsumer,
  holdBeforeOffsetCommitFromEnvironment,
  type EventConsumerOptions,
} from './event-consumer';
import type { OutgoingMessage } from './event-publisher';

/** Settles what is already settled; a promise still pending afterwards is held. */
const stateOf = async (promise: Promise<unknown>) =>
  Promise.race([promise.then(() => 'settled'), Promise.resolve().then(() => 'pending')]);

describe('holdBeforeOffsetCommitFromEnvironment', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'consumer-hold-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is off unless asked, and never in production', () => {
    expect(holdBeforeOffsetCommitFromEnvironment({})).toBeUndefined();
    expect(
      holdBeforeOffsetCommitFromEnvironment({
        EVENT_CONSUMER_HOLD_BEFORE_COMMIT: dir,
        NODE_ENV: 'production',
      }),
    ).toBeUndefined();
  });

  it('holds the first message for good, says so in a file named after the group, and lets later ones pass', async () => {
    const hold = holdBeforeOffsetCommitFromEnvironment({
      EVENT_CONSUMER_HOLD_BEFORE_COMMIT: dir,
      NODE_ENV: 'test',
    });
    expect(hold).toBeDefined();
    const first = hold!('case.events.v1[2]@7', 'suite-reporting');
    expect(await stateOf(first)).toBe('pending');
    expect(readFileSync(path.join(dir, 'suite-reporting.held'), 'utf8')).toBe('case.events.v1[2]@7\n');
    expect(await stateOf(hold!('case.events.v1[2]@8', 'suite-reporting'))).toBe('settled');
  });
});

type EachBatch = (payload: {
  batch: { topic: string; partition: number; messages: KafkaMessage[] };
  resolveOffset: (offset: string) => void;
  heartbeat: () => Promise<void>;
  isRunning: () => boolean;
  isStale: () => boolean;
}) => Promise<void>;

/** A consumer group of one, fed by hand: records commits, heartbeats and dead letters. */
function consumerWithFakes(
  options: Partial<EventConsumerOptions<{ id: string }>> &
    Pick<EventConsumerOptions<{ id: string }>, 'handle'>,
  refusals?: Error[],
) {
  let eachBatch: EachBatch | undefined;
  const commits: string[] = [];
  const resolved: string[] = [];
  const deadLetters: OutgoingMessage[] = [];
  const logs: string[] = [];
  let heartbeats = 0;
  const subscribeFailures = [...(refusals ?? [])];
  let subscriptions = 0;
  const fakeConsumer = {
    connect: () => Promise.resolve(),
    subscribe: () => {
      subscriptions += 1;
      const refusal = subscribeFailures.shift();
      return refusal ? Promise.reject(refusal) : Promise.resolve();
    },
    run: (config: { eachBatch: EachBatch }) => {
      eachBatch = config.eachBatch;
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
      parse: (raw) =>
        typeof (raw as { id?: unknown }).id === 'string'
          ? { ok: true, event: raw as { id: string } }
          : { ok: false, error: 'id: required' },
      retryBackoffMs: 1,
      maxRetryBackoffMs: 4,
      heartbeatIntervalMs: 2,
      beforeOffsetCommit: () => Promise.resolve(),
      log: (_level, message) => void logs.push(message),
      ...options,
    },
  );
  const deliverBatch = async (values: string[], firstOffset = 41, headers: Record<string, Buffer> = {}) => {
    if (!eachBatch) await consumer.start();
    const messages = values.map(
      (value, i) =>
        ({
          key: Buffer.from('case-1'),
          value: Buffer.from(value),
          offset: String(firstOffset + i),
          headers,
        }) as unknown as KafkaMessage,
    );
    await eachBatch!({
      batch: { topic: 'case.events.v1', partition: 0, messages },
      resolveOffset: (offset) => void resolved.push(offset),
      heartbeat: () => Promise.resolve(void (heartbeats += 1)),
      isRunning: () => true,
      isStale: () => false,
    });
  };
  const deliver = (value: string, offset = '41') => deliverBatch([value], Number(offset));
  return {
    consumer,
    deliver,
    deliverBatch,
    commits,
    resolved,
    deadLetters,
    logs,
    heartbeats: () => heartbeats,
    subscriptions: () => subscriptions,
  };
}

const timedOut = () =>
  new PrismaClientKnownRequestError('Operation has timed out', { code: 'P1008', clientVersion: '7.10.0' });

const notHostedYet = () =>
  Object.assign(new Error('This server does not host this topic-partition'), { retriable: true });

describe('EventConsumer subscription', () => {
  it('subscribes again while a broker does not know a topic created a moment ago', async () => {
    const fakes = consumerWithFakes(
      { handle: () => Promise.resolve(), subscribeRetry: { attempts: 4, delayMs: 1 } },
      [notHostedYet(), notHostedYet()],
    );
    await fakes.consumer.start();
    expect(fakes.subscriptions()).toBe(3);
  });

  it('fails to start after its attempts, and at once on an error that is not retriable', async () => {
    const stillUnknown = consumerWithFakes(
      { handle: () => Promise.resolve(), subscribeRetry: { attempts: 2, delayMs: 1 } },
      [notHostedYet(), notHostedYet(), notHostedYet()],
    );
    await expect(stillUnknown.consumer.start()).rejects.toThrow('does not host');
    expect(stillUnknown.subscriptions()).toBe(2);
    const refused = consumerWithFakes(
      { handle: () => Promise.resolve(), subscribeRetry: { attempts: 4, delayMs: 1 } },
      [new Error('Topic authorization failed')],
    );
    await expect(refused.consumer.start()).rejects.toThrow('authorization');
    expect(refused.subscriptions()).toBe(1);
  });
});

describe('EventConsumer batches', () => {
  it('applies a batch in order and commits its offsets once, after the last message', async () => {
    const applied: string[] = [];
    const fakes = consumerWithFakes({ handle: (event) => Promise.resolve(void applied.push(event.id)) });
    await fakes.deliverBatch(['{"id":"e1"}', '{"id":"e2"}', '{"id":"e3"}'], 10);
    expect(applied).toEqual(['e1', 'e2', 'e3']);
    expect(fakes.resolved).toEqual(['10', '11', '12']);
    expect(fakes.commits).toEqual(['13']);
  });

  it('commits within a long batch every commitEvery messages', async () => {
    const fakes = consumerWithFakes({ commitEvery: 2, handle: () => Promise.resolve() });
    await fakes.deliverBatch(['{"id":"a"}', '{"id":"b"}', '{"id":"c"}', '{"id":"d"}', '{"id":"e"}'], 0);
    expect(fakes.commits).toEqual(['2', '4', '5']);
  });

  it('commits what it applied before a message whose retries were given up on stop, and nothing past it', async () => {
    let calls = 0;
    const fakes = consumerWithFakes({
      handle: () => {
        calls += 1;
        if (calls === 2) void fakes.consumer.stop();
        return calls >= 2 ? Promise.reject(timedOut()) : Promise.resolve();
      },
    });
    await expect(fakes.deliverBatch(['{"id":"e1"}', '{"id":"e2"}', '{"id":"e3"}'], 7)).rejects.toThrow(
      /stopping/,
    );
    // e2 is left for whoever takes the partition next.
    expect(fakes.commits).toEqual(['8']);
    expect(fakes.resolved).toEqual(['7']);
  });
});

describe('EventConsumer with handleBatch', () => {
  it('hands a run of valid events to handleBatch at once, then commits once', async () => {
    const batches: string[][] = [];
    const single: string[] = [];
    const fakes = consumerWithFakes({
      handle: (event) => Promise.resolve(void single.push(event.id)),
      handleBatch: (events) => Promise.resolve(void batches.push(events.map((e) => e.id))),
    });
    await fakes.deliverBatch(['{"id":"e1"}', '{"id":"e2"}', '{"id":"e3"}'], 0);
    expect(batches).toEqual([['e1', 'e2', 'e3']]);
    expect(single).toEqual([]);
    expect(fakes.resolved).toEqual(['0', '1', '2']);
    expect(fakes.commits).toEqual(['3']);
  });

  it('splits runs at an unreadable message, which is dead-lettered in its place, and at maxBatchSize', async () => {
    const batches: string[][] = [];
    const single: string[] = [];
    const fakes = consumerWithFakes({
      maxBatchSize: 2,
      handle: (event) => Promise.resolve(void single.push(event.id)),
      handleBatch: (events) => Promise.resolve(void batches.push(events.map((e) => e.id))),
    });
    await fakes.deliverBatch(
      ['{"id":"a"}', '{"id":"b"}', '{"id":"c"}', 'not json', '{"id":"d"}', '{"id":"e"}'],
      0,
    );
    expect(batches).toEqual([
      ['a', 'b'],
      ['d', 'e'],
    ]);
    // A run of one goes through handle.
    expect(single).toEqual(['c']);
    expect(fakes.deadLetters.map((m) => m.headers?.['dead-letter-source'])).toEqual(['case.events.v1[0]@3']);
    expect(fakes.resolved).toEqual(['0', '1', '2', '3', '4', '5']);
    expect(fakes.commits).toEqual(['6']);
  });

  it('dead-letters a message with the trace headers it came with', async () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const fakes = consumerWithFakes({ handle: () => Promise.resolve() });
    await fakes.deliverBatch(['not json'], 5, {
      traceparent: Buffer.from(traceparent),
      'event-id': Buffer.from('case-1/1'),
    });
    expect(fakes.deadLetters.map((m) => m.headers?.['traceparent'])).toEqual([traceparent]);
  });

  it('applies the events one by one when the batch fails, so a bad one is dead-lettered alone', async () => {
    const single: string[] = [];
    const fakes = consumerWithFakes({
      maxAttempts: 2,
      handleBatch: () => Promise.reject(new Error('constraint failed')),
      handle: (event) =>
        event.id === 'bad'
          ? Promise.reject(new Error('constraint failed'))
          : Promise.resolve(void single.push(event.id)),
    });
    await fakes.deliverBatch(['{"id":"e1"}', '{"id":"bad"}', '{"id":"e3"}'], 20);
    expect(single).toEqual(['e1', 'e3']);
    expect(fakes.deadLetters).toHaveLength(1);
    expect(fakes.deadLetters[0]?.value).toBe('{"id":"bad"}');
    expect(fakes.logs[0]).toMatch(
      /@20\.\.22 failed as a batch \(constraint failed\); applying them one by one/,
    );
    expect(fakes.commits).toEqual(['23']);
  });
});

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
    expect(fakes.logs[6]).toMatch(
      /attempt 7 failed \(transient, retrying without limit\); retrying in 4 ms: Operation has timed out/,
    );
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
    expect(fakes.deadLetters[0]).toMatchObject({
      topic: 'case.events.v1.dlq',
      key: 'case-1',
      value: '{"id":"e2"}',
    });
    expect(fakes.deadLetters[0]?.headers?.['dead-letter-reason']).toBe(
      'handler failed 3 times: unknown village v-404',
    );
    expect(fakes.commits).toEqual(['42']);
    expect(fakes.logs.filter((l) => /attempt \d failed \(\d of 3\)/.test(l))).toHaveLength(2);
  });

  it('counts only the failures that are not transient towards maxAttempts', async () => {
    const errors = [timedOut(), new Error('bad'), timedOut(), timedOut(), new Error('bad')];
    let calls = 0;
    const fakes = consumerWithFakes({
      maxAttempts: 2,
      handle: () => Promise.reject(errors[calls++] ?? new Error('bad')),
    });
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
    expect(fakes.deadLetters.map((m) => m.headers?.['dead-letter-reason'])).toEqual([
      'message is not JSON',
      'id: required',
    ]);
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
