import { randomUUID } from 'node:crypto';
import { createKafka } from './kafka';
import { topicBacklog } from './consumer-lag';

// A real broker (KAFKA_BROKERS, as the engines' runner exports it).
const settings = {
  brokers: [process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092'],
  clientId: 'consumer-lag-test',
};

describe('topicBacklog (real Kafka)', () => {
  const run = randomUUID().slice(0, 8);
  const topic = `lag-test-${run}.case.events.v1`;
  const deadLetterTopic = `lag-test-${run}.case.events.dlq.v1`;
  const prefix = `lag-test-${run}-`;
  const admin = createKafka(settings).admin();

  beforeAll(async () => {
    await admin.connect();
    await admin.createTopics({
      topics: [
        { topic, numPartitions: 1 },
        { topic: deadLetterTopic, numPartitions: 1 },
      ],
      waitForLeaders: true,
    });
    const producer = createKafka(settings).producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ value: 'a' }, { value: 'b' }, { value: 'c' }] });
    await producer.send({ topic: deadLetterTopic, messages: [{ value: 'x' }, { value: 'y' }] });
    await producer.disconnect();
    // Two of this deployment's groups, one read up to the first message, one of another deployment.
    await admin.setOffsets({
      groupId: `${prefix}reporting`,
      topic,
      partitions: [{ partition: 0, offset: '1' }],
    });
    await admin.setOffsets({
      groupId: `${prefix}dead-letter-reader-1`,
      topic,
      partitions: [{ partition: 0, offset: '0' }],
    });
    await admin.setOffsets({
      groupId: `other-${run}-reporting`,
      topic,
      partitions: [{ partition: 0, offset: '0' }],
    });
  }, 60_000);

  afterAll(async () => {
    await admin
      .deleteGroups([`${prefix}reporting`, `${prefix}dead-letter-reader-1`, `other-${run}-reporting`])
      .catch(() => undefined);
    await admin.deleteTopics({ topics: [topic, deadLetterTopic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('tells how far each of the deployment’s groups is behind and how many letters are dead', async () => {
    expect(await topicBacklog(settings, { topic, deadLetterTopic, groupPrefix: prefix })).toEqual({
      consumers: [{ groupId: `${prefix}reporting`, topic, lag: 2, partitions: 1 }],
      deadLetters: [{ topic: deadLetterTopic, messages: 2 }],
    });
  });

  it('counts a topic not created yet as empty', async () => {
    const absent = `lag-test-${run}.absent.v1`;
    expect(
      await topicBacklog(settings, { topic: absent, deadLetterTopic: `${absent}.dlq`, groupPrefix: prefix }),
    ).toEqual({
      consumers: [],
      deadLetters: [{ topic: `${absent}.dlq`, messages: 0 }],
    });
  });
});
