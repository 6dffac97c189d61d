import { Kafka, logLevel, type Admin, type KafkaConfig, type LogEntry, type SASLOptions } from 'kafkajs';
import { stopIdleRequestQueueTimers } from './request-queue-idle-fix';

/** Where the Kafka client's own lines go: the service's logger, so they carry its name and redaction. */
export type KafkaLogSink = (
  level: 'error' | 'warn' | 'info' | 'debug',
  namespace: string,
  message: string,
  fields: Record<string, unknown>,
) => void;

let kafkaLogSink: KafkaLogSink | null = null;

/** Set once by the service bootstrap; clients made before it keep kafkajs' own console lines. */
export function routeKafkaLogs(sink: KafkaLogSink): void {
  kafkaLogSink = sink;
}

const LEVEL_NAMES: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

function routedLogCreator() {
  return ({ namespace, level, log }: LogEntry) => {
    const { message, timestamp: _timestamp, logger: _logger, ...fields } = log;
    kafkaLogSink?.(LEVEL_NAMES[level] ?? 'info', namespace, String(message), fields);
  };
}

export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  /** TLS to the brokers (PEM texts; null members fall back to the system's roots / no client certificate). */
  ssl?: { ca: string | null; cert: string | null; key: string | null } | null;
  /** SASL/SCRAM credentials, only ever sent over TLS (the configuration refuses them without it). */
  sasl?: { mechanism: 'scram-sha-256' | 'scram-sha-512'; username: string; password: string } | null;
}

/** How the topics a service relies on are created when missing; from KAFKA_TOPIC_* in the configuration. */
export interface TopicSettings {
  partitions: number;
  replicationFactor: number;
  /** null: the broker's default applies. */
  minInsyncReplicas: number | null;
  /** More topic configuration for topics created now, e.g. `retention.ms`. */
  config?: Readonly<Record<string, string>>;
}

/**
 * The one way this project makes a kafkajs client (it also stops kafkajs's idle request-queue timer,
 * which otherwise warns of a negative timeout on Node 24). `overrides` are for tools and tests: a
 * probe that should fail fast and quietly, say.
 */
export function createKafka(settings: KafkaSettings, overrides: Partial<KafkaConfig> = {}): Kafka {
  stopIdleRequestQueueTimers();
  const { ssl, sasl } = settings;
  return new Kafka({
    clientId: settings.clientId,
    brokers: settings.brokers,
    ...(ssl
      ? {
          ssl: {
            rejectUnauthorized: true,
            ...(ssl.ca ? { ca: [ssl.ca] } : {}),
            ...(ssl.cert && ssl.key ? { cert: ssl.cert, key: ssl.key } : {}),
          },
        }
      : {}),
    ...(sasl ? { sasl: scram(sasl) } : {}),
    logLevel: logLevel.WARN,
    ...(kafkaLogSink ? { logCreator: routedLogCreator } : {}),
    // A broker that is briefly away must not lose events: keep retrying instead of giving up fast.
    retry: { initialRetryTime: 300, retries: 10, maxRetryTime: 10_000 },
    connectionTimeout: 3_000,
    ...overrides,
  });
}

function scram({ mechanism, username, password }: NonNullable<KafkaSettings['sasl']>): SASLOptions {
  // Spelled out per mechanism: kafkajs types each one as its own literal.
  return mechanism === 'scram-sha-256'
    ? { mechanism, username, password }
    : { mechanism, username, password };
}

/** How often, and how far apart, a step that a cluster just started may refuse for a moment is tried. */
export interface RetryPlan {
  attempts: number;
  delayMs: number;
}

/**
 * Runs `action`, and again after a growing pause while it fails with an error kafkajs marks
 * retriable (a broker that does not host a topic created a moment ago, a leader not elected yet):
 * metadata reaches the brokers of a cluster one by one. Any other error, or the last attempt's,
 * is thrown as it is.
 */
export async function retryWhileRetriable<T>(action: () => Promise<T>, retry: RetryPlan): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await action();
    } catch (error) {
      if (attempt >= retry.attempts || (error as { retriable?: unknown }).retriable !== true) throw error;
      await new Promise((resolve) => setTimeout(resolve, retry.delayMs * attempt));
    }
  }
}

/**
 * Creates the topics that are missing, with the configured partitions, replication factor and
 * min.insync.replicas (existing ones are left as they are), and answers once every partition of
 * every named topic has a leader. Another service may have created a topic a moment ago, so a topic
 * that is listed is not yet a topic that can be used.
 */
export async function ensureTopics(
  kafka: Kafka,
  names: string[],
  settings: TopicSettings,
  retry: RetryPlan = { attempts: 8, delayMs: 1_000 },
): Promise<void> {
  await retryWhileRetriable(() => createMissingTopics(kafka.admin(), names, settings), retry);
}

async function createMissingTopics(admin: Admin, names: string[], settings: TopicSettings): Promise<void> {
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = names.filter((name) => !existing.has(name));
    if (missing.length > 0) await createTopics(admin, missing, settings);
    await expectLeaders(admin, names);
  } finally {
    await admin.disconnect();
  }
}

async function createTopics(admin: Admin, missing: string[], settings: TopicSettings): Promise<void> {
  await admin.createTopics({
    waitForLeaders: true,
    topics: missing.map((topic) => ({
      topic,
      numPartitions: settings.partitions,
      replicationFactor: settings.replicationFactor,
      configEntries: [
        ...(settings.minInsyncReplicas === null
          ? []
          : [{ name: 'min.insync.replicas', value: String(settings.minInsyncReplicas) }]),
        ...Object.entries(settings.config ?? {}).map(([name, value]) => ({ name, value })),
      ],
    })),
  });
}

/** Fails retriably while a partition of the named topics has no leader yet. */
async function expectLeaders(admin: Admin, names: string[]): Promise<void> {
  const { topics } = await admin.fetchTopicMetadata({ topics: names });
  const leaderless = topics.flatMap((topic) =>
    topic.partitions
      .filter((partition) => partition.leader < 0)
      .map((partition) => `${topic.name}[${partition.partitionId}]`),
  );
  if (leaderless.length > 0) {
    throw Object.assign(new Error(`partitions without a leader yet: ${leaderless.join(', ')}`), {
      retriable: true,
    });
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
