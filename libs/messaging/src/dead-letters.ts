import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import type { Publisher } from './outbox-relay';

/** One parked message as it sits on a dead-letter topic, with the headers that say why. */
export interface DeadLetter {
  partition: number;
  offset: string;
  key: string;
  value: string;
  headers: Record<string, string>;
  timestamp: string;
}

/** Where a dead letter is: `<partition>:<offset>`, the id the list and the replay use. */
export const deadLetterId = (letter: Pick<DeadLetter, 'partition' | 'offset'>) =>
  `${letter.partition}:${letter.offset}`;

/**
 * Reads a dead-letter topic from its first offset to the end it has now, with a throw-away consumer
 * group (deleted afterwards) so that reading never moves anyone's committed offsets.
 */
export async function readDeadLetters(
  kafka: Kafka,
  topic: string,
  options: { groupPrefix?: string; timeoutMs?: number } = {},
): Promise<DeadLetter[]> {
  const admin = kafka.admin();
  await admin.connect();
  let ends: Map<number, bigint>;
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    // `high` is the next offset to be written; a partition whose low equals high holds nothing.
    ends = new Map(
      offsets.filter((o) => BigInt(o.high) > BigInt(o.low)).map((o) => [o.partition, BigInt(o.high)]),
    );
  } finally {
    await admin.disconnect();
  }
  if (ends.size === 0) return [];

  const groupId = `${options.groupPrefix ?? ''}dead-letter-reader-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
  const letters: DeadLetter[] = [];
  const remaining = new Set(ends.keys());
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(`reading ${topic} did not reach its end within ${options.timeoutMs ?? 20_000} ms`),
          ),
        options.timeoutMs ?? 20_000,
      );
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            const end = ends.get(partition);
            if (end === undefined || BigInt(message.offset) >= end) return;
            letters.push({
              partition,
              offset: message.offset,
              key: message.key?.toString('utf8') ?? '',
              value: message.value?.toString('utf8') ?? '',
              headers: Object.fromEntries(
                Object.entries(message.headers ?? {}).map(([name, value]) => [name, headerText(value)]),
              ),
              timestamp: new Date(Number(message.timestamp)).toISOString(),
            });
            if (BigInt(message.offset) >= end - 1n) remaining.delete(partition);
            if (remaining.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
  return letters.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
}

/**
 * Puts dead letters back on the topic they came from, key and value unchanged, so the consumer
 * tries them again (it dedupes by event id, so a replay of something already applied is harmless).
 * The dead-letter headers are replaced by one saying where the message was replayed from.
 */
export async function replayDeadLetters(
  publisher: Publisher,
  letters: readonly DeadLetter[],
  targetTopic: string,
  deadLetterTopic: string,
): Promise<number> {
  await publisher.publish(
    letters.map((letter) => ({
      topic: targetTopic,
      key: letter.key,
      value: letter.value,
      headers: { 'replayed-from': `${deadLetterTopic}[${letter.partition}]@${letter.offset}` },
    })),
  );
  return letters.length;
}

function headerText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  if (Array.isArray(value)) return value.map(headerText).join(',');
  return String(value);
}
