import type { Admin } from 'kafkajs';
import { createKafka, type KafkaSettings } from './kafka';

/**
 * How far a consumer group is behind on a topic: the sum over partitions of the end offset minus the
 * group's committed offset (a partition it never committed counts from the partition's start).
 * Null when the group has never committed on the topic at all (it consumes something else).
 */
export async function consumerGroupLag(
  admin: Admin,
  groupId: string,
  topic: string,
  ends?: { partition: number; high: string; low: string }[],
): Promise<{ lag: number; partitions: number } | null> {
  const endOffsets = ends ?? (await admin.fetchTopicOffsets(topic));
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  const partitions = committed?.partitions ?? [];
  if (!partitions.some((p) => Number(p.offset) >= 0)) return null;
  let lag = 0;
  for (const end of endOffsets) {
    const at = Number(partitions.find((p) => p.partition === end.partition)?.offset ?? -1);
    lag += Math.max(0, Number(end.high) - (at >= 0 ? at : Number(end.low)));
  }
  return { lag, partitions: endOffsets.length };
}

export interface ConsumerLag {
  groupId: string;
  topic: string;
  lag: number;
  partitions: number;
}

/**
 * The backlog of a topic and its dead-letter topic, read with the Kafka admin API: how far behind
 * each consumer group named with `groupPrefix` is on `topic` (groups that never committed there, and
 * the short-lived dead-letter readers, are left out), and how many messages the dead-letter topic
 * holds. A topic not created yet counts as empty. One admin connection, closed again.
 */
export async function topicBacklog(
  settings: KafkaSettings,
  topics: { topic: string; deadLetterTopic: string; groupPrefix: string },
): Promise<{ consumers: ConsumerLag[]; deadLetters: { topic: string; messages: number }[] }> {
  const admin = createKafka(settings).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const endOffsets = async (topic: string) => (existing.has(topic) ? await admin.fetchTopicOffsets(topic) : []);
    const ends = await endOffsets(topics.topic);
    const { groups } = await admin.listGroups();
    const candidates = groups.map((g) => g.groupId).filter((id) => id.startsWith(topics.groupPrefix) && !id.includes('dead-letter-reader-'));
    const consumers: ConsumerLag[] = [];
    // Nobody has committed on a topic that does not exist (asking the broker would fail).
    for (const groupId of existing.has(topics.topic) ? candidates : []) {
      const behind = await consumerGroupLag(admin, groupId, topics.topic, ends);
      // A group that never committed on this topic consumes something else.
      if (behind) consumers.push({ groupId, topic: topics.topic, ...behind });
    }
    const deadLetterEnds = await endOffsets(topics.deadLetterTopic);
    const messages = deadLetterEnds.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
    return { consumers, deadLetters: [{ topic: topics.deadLetterTopic, messages }] };
  } finally {
    await admin.disconnect();
  }
}
