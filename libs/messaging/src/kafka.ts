import { Kafka, logLevel, type Admin } from 'kafkajs';

export interface KafkaSettings {
  brokers: string[];
  clientId: string;
}

export function createKafka(settings: KafkaSettings): Kafka {
  return new Kafka({
    clientId: settings.clientId,
    brokers: settings.brokers,
    logLevel: logLevel.WARN,
    // A broker that is briefly away must not lose events: keep retrying instead of giving up fast.
    retry: { initialRetryTime: 300, retries: 10, maxRetryTime: 10_000 },
    connectionTimeout: 3_000,
  });
}

/** Creates the topics a service relies on; existing ones are left as they are. */
export async function ensureTopics(kafka: Kafka, names: string[], partitions = 3): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = names.filter((name) => !existing.has(name));
    if (missing.length === 0) return;
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: 1 })),
    });
  } finally {
    await admin.disconnect();
  }
}

/** For readiness checks: answers whether the cluster responds to a metadata request. */
export async function pingKafka(kafka: Kafka): Promise<void> {
  const admin: Admin = kafka.admin();
  await admin.connect();
  try {
    await admin.describeCluster();
  } finally {
    await admin.disconnect();
  }
}
