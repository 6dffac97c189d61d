import type { Admin } from 'kafkajs';

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
