import type { Kafka } from 'kafkajs';
import { ensureTopics, type TopicSettings } from './kafka';

const settings: TopicSettings = { partitions: 3, replicationFactor: 3, minInsyncReplicas: 2 };

/**
 * An admin client whose topic creation fails with the given errors first, then succeeds; metadata
 * shows a partition without a leader for the first `leaderlessRounds` requests.
 */
function fakeKafka(failures: Error[], { listed = [] as string[], leaderlessRounds = 0 } = {}) {
  const created: string[][] = [];
  let calls = 0;
  let metadataRequests = 0;
  const kafka = {
    admin: () => ({
      connect: async () => undefined,
      disconnect: async () => undefined,
      listTopics: async () => [...listed, ...created.flat()],
      fetchTopicMetadata: async ({ topics }: { topics: string[] }) => {
        metadataRequests += 1;
        const leader = metadataRequests <= leaderlessRounds ? -1 : 1;
        return { topics: topics.map((name) => ({ name, partitions: [{ partitionId: 0, leader }] })) };
      },
      createTopics: async ({ topics }: { topics: { topic: string }[] }) => {
        calls += 1;
        const failure = failures.shift();
        if (failure) throw failure;
        created.push(topics.map((t) => t.topic));
        return true;
      },
    }),
  } as unknown as Kafka;
  return { kafka, created, calls: () => calls, metadataRequests: () => metadataRequests };
}

const retriable = () =>
  Object.assign(new Error('This server does not host this topic-partition'), { retriable: true });

describe('ensureTopics', () => {
  it('tries again after a retriable error of a cluster that has just started, then creates the topics', async () => {
    const { kafka, created, calls } = fakeKafka([retriable(), retriable()]);
    await ensureTopics(kafka, ['case.events.v1'], settings, { attempts: 5, delayMs: 1 });
    expect(calls()).toBe(3);
    expect(created).toEqual([['case.events.v1']]);
  });

  it('gives up after its attempts, and at once on an error that is not retriable', async () => {
    const stillStarting = fakeKafka([retriable(), retriable(), retriable()]);
    await expect(
      ensureTopics(stillStarting.kafka, ['t'], settings, { attempts: 3, delayMs: 1 }),
    ).rejects.toThrow('does not host');
    expect(stillStarting.calls()).toBe(3);
    const refused = fakeKafka([new Error('Topic authorization failed')]);
    await expect(ensureTopics(refused.kafka, ['t'], settings, { attempts: 3, delayMs: 1 })).rejects.toThrow(
      'authorization',
    );
    expect(refused.calls()).toBe(1);
  });

  it('waits until every partition of a topic another service created a moment ago has a leader', async () => {
    const fakes = fakeKafka([], { listed: ['case.events.v1'], leaderlessRounds: 2 });
    await ensureTopics(fakes.kafka, ['case.events.v1'], settings, { attempts: 5, delayMs: 1 });
    expect(fakes.calls()).toBe(0);
    expect(fakes.metadataRequests()).toBe(3);
  });

  it('names the partitions still without a leader when it gives up', async () => {
    const fakes = fakeKafka([], { leaderlessRounds: 9 });
    await expect(
      ensureTopics(fakes.kafka, ['case.events.v1'], settings, { attempts: 2, delayMs: 1 }),
    ).rejects.toThrow('partitions without a leader yet: case.events.v1[0]');
    expect(fakes.created).toEqual([['case.events.v1']]);
  });
});
