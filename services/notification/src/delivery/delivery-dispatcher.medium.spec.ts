import { createDatabase, type Database } from '@bishan/db';
import type { OutgoingMessage, Publisher } from '@bishan/messaging';
import { createTestDatabase, type TestDatabase } from '@bishan/testing';
import type { DeliveryChannel, OutboundDelivery } from '../channels/delivery-channel';
import { DELIVERY_DEAD_LETTER_HEADER, DeliveryDispatcher } from './delivery-dispatcher';

class ScriptedChannel implements DeliveryChannel {
  readonly name = 'email';
  readonly sent: OutboundDelivery[] = [];
  constructor(public failuresLeft: number) {}
  async send(delivery: OutboundDelivery): Promise<void> {
    if (this.failuresLeft > 0) {
      this.failuresLeft -= 1;
      throw new Error('451 mailbox busy');
    }
    this.sent.push(delivery);
  }
}

class RecordingPublisher implements Publisher {
  readonly messages: OutgoingMessage[] = [];
  async publish(messages: OutgoingMessage[]): Promise<void> {
    this.messages.push(...messages);
  }
}

describe('DeliveryDispatcher on a real database, with a scripted channel and an injected clock', () => {
  let testDb: TestDatabase;
  let db: Database;
  let clock = new Date('2026-11-27T02:00:00.000Z');
  const advance = (ms: number) => (clock = new Date(clock.getTime() + ms));

  beforeAll(async () => {
    testDb = await createTestDatabase('dispatcher');
    db = await createDatabase(testDb.url);
    // Migrating a fresh database takes a few seconds on a busy machine.
  }, 60_000);
  afterAll(async () => {
    await db.$disconnect();
    testDb.remove();
  });

  const plan = (id: string, nextAttemptAt = clock) =>
    db.notificationDelivery.create({
      data: {
        id,
        eventId: `C-1/${id}`,
        messageId: `C-1/${id}/reminder/p1`,
        channel: 'email',
        target: 'p1@bishan.example',
        subject: '办理提醒',
        body: '提醒:诉求 C-1',
        status: 'pending',
        nextAttemptAt,
        createdAt: clock,
      },
    });

  const dispatcher = (channel: ScriptedChannel, publisher: RecordingPublisher) =>
    new DeliveryDispatcher(db, new Map([['email', channel]]), publisher, {
      maxAttempts: 3,
      backoffMs: 1000,
      intervalMs: 10,
      deadLetterTopic: 'x.case.events.v1.dead-letter',
      consumerGroup: 'x-notification',
      now: () => clock,
    });

  it('retries a failing delivery after a doubling pause and sends it once when the channel recovers', async () => {
    const channel = new ScriptedChannel(2);
    const publisher = new RecordingPublisher();
    const run = dispatcher(channel, publisher);
    await plan('recovers');

    expect(await run.dispatchOnce()).toBe(1);
    let row = await db.notificationDelivery.findUniqueOrThrow({ where: { id: 'recovers' } });
    expect(row).toMatchObject({ status: 'pending', attempts: 1, lastError: '451 mailbox busy' });
    expect(row.nextAttemptAt.getTime() - clock.getTime()).toBe(1000);

    // Not yet due: nothing happens.
    advance(999);
    expect(await run.dispatchOnce()).toBe(0);
    advance(1);
    expect(await run.dispatchOnce()).toBe(1);
    row = await db.notificationDelivery.findUniqueOrThrow({ where: { id: 'recovers' } });
    expect(row.nextAttemptAt.getTime() - clock.getTime()).toBe(2000);

    advance(2000);
    expect(await run.dispatchOnce()).toBe(1);
    row = await db.notificationDelivery.findUniqueOrThrow({ where: { id: 'recovers' } });
    expect(row).toMatchObject({ status: 'delivered', attempts: 3, lastError: null });
    expect(channel.sent.map((d) => d.id)).toEqual(['recovers']);
    expect(publisher.messages).toEqual([]);

    advance(60_000);
    expect(await run.dispatchOnce()).toBe(0);
  });

  it('parks a delivery on the dead-letter topic after the last attempt, naming it and the reason', async () => {
    const channel = new ScriptedChannel(99);
    const publisher = new RecordingPublisher();
    const run = dispatcher(channel, publisher);
    await plan('gives-up');
    for (const pause of [0, 1000, 2000]) {
      advance(pause);
      expect(await run.dispatchOnce()).toBe(1);
    }
    const row = await db.notificationDelivery.findUniqueOrThrow({ where: { id: 'gives-up' } });
    expect(row).toMatchObject({ status: 'dead', attempts: 3, lastError: '451 mailbox busy' });
    expect(publisher.messages).toHaveLength(1);
    expect(publisher.messages[0]).toMatchObject({
      topic: 'x.case.events.v1.dead-letter',
      key: 'C-1/gives-up',
      headers: {
        'dead-letter-reason': 'delivery failed 3 times: 451 mailbox busy',
        [DELIVERY_DEAD_LETTER_HEADER]: 'gives-up',
      },
    });
    advance(60_000);
    expect(await run.dispatchOnce()).toBe(0);
  });

  it('holds a deferred delivery until its time, and two dispatchers never send the same one twice', async () => {
    const channel = new ScriptedChannel(0);
    const publisher = new RecordingPublisher();
    await plan('deferred', new Date(clock.getTime() + 3600_000));
    const [a, b] = [dispatcher(channel, publisher), dispatcher(channel, publisher)];
    expect(await a.dispatchOnce()).toBe(0);
    advance(3600_000);
    const attempted = await Promise.all([a.dispatchOnce(), b.dispatchOnce()]);
    expect(attempted.reduce((x, y) => x + y, 0)).toBe(1);
    expect(channel.sent.map((d) => d.id)).toEqual(['deferred']);
  });
});
