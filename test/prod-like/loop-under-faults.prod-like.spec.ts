import { logLevel, ConfigResourceTypes } from 'kafkajs';
import { loadConfig } from '@bishan/config';
import { createKafka } from '@bishan/messaging';
import { inBatches } from '../bench/history';
import { startFaultStack, type FaultStack } from '../faults/support/fault-stack';
import { auditCases, auditConsumers, workflowOutcomes } from '../faults/support/invariants';
import { faultsApi, raiseAndDrive } from '../faults/support/loop-driver';
import { prodLikeEngine, requireProdLikeEnvironment } from './prod-like-engines';

/**
 * The whole loop on the production-like profile: the Temporal server on PostgreSQL with mutual TLS,
 * three Kafka brokers with TLS and SCRAM, the read models on PostgreSQL, two instances of each
 * service. While cases go round the loop (through both API instances), one broker is stopped and the
 * Temporal server restarted; afterwards every case is closed, audited (gap-free timeline, no
 * once-only step twice, one outbox row per entry), and both consumers applied every event exactly once.
 */
describe('the loop on the production-like profile', () => {
  const cases = Number(process.env['PROD_LIKE_CASES'] ?? 24);
  let stack: FaultStack;

  beforeAll(async () => {
    requireProdLikeEnvironment();
    stack = await startFaultStack({
      label: 'prod-like',
      services: { 'case-api': 2, 'case-worker': 2, notification: 2, reporting: 2 },
    });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('creates its topics from the configuration: three replicas, two in sync', async () => {
    const config = loadConfig({ ...process.env, ...stack.env });
    expect(config.kafka.topics).toEqual({ partitions: 3, replicationFactor: 3, minInsyncReplicas: 2 });
    const admin = createKafka({ ...config.kafka, clientId: `prod-like-${stack.runId}` }).admin();
    await admin.connect();
    try {
      const names = [stack.topics.caseEvents, stack.topics.caseEventsDeadLetter];
      const { topics } = await admin.fetchTopicMetadata({ topics: names });
      for (const topic of topics) {
        expect(topic.partitions).toHaveLength(3);
        for (const partition of topic.partitions) expect(partition.replicas).toHaveLength(3);
      }
      const { resources } = await admin.describeConfigs({
        resources: names.map((name) => ({ type: ConfigResourceTypes.TOPIC, name, configNames: ['min.insync.replicas'] })),
        includeSynonyms: false,
      });
      expect(resources.map((r) => r.configEntries.find((c) => c.configName === 'min.insync.replicas')?.configValue)).toEqual(['2', '2']);
    } finally {
      await admin.disconnect();
    }
  });

  it('refuses a client without TLS and one with a wrong SCRAM password', async () => {
    const brokers = stack.env['KAFKA_BROKERS']!.split(',');
    const probe = async (settings: object) => {
      const admin = createKafka(
        { clientId: 'prod-like-probe', brokers },
        { logLevel: logLevel.NOTHING, retry: { retries: 0 }, connectionTimeout: 2_000, ...settings },
      ).admin();
      try {
        await admin.connect();
        await admin.listTopics();
        return 'connected';
      } catch (error) {
        return (error as Error).name;
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
    };
    expect(await probe({})).not.toBe('connected');
    const config = loadConfig({ ...process.env, ...stack.env });
    expect(
      await probe({ ssl: { ca: [config.kafka.ssl!.ca!] }, sasl: { mechanism: 'scram-sha-512', username: 'bishan', password: 'not-the-password' } }),
    ).toBe('KafkaJSSASLAuthenticationError');
  });

  it('closes every case round the loop while a broker is down and the Temporal server restarts, each effect once', async () => {
    const began = Date.now();
    const apis = stack.instances('case-api').map((api) => faultsApi(api.url));
    expect(apis).toHaveLength(2);
    const spreadMs = 60_000;
    const load = inBatches(
      Array.from({ length: cases }, (_, i) => i),
      cases,
      async (i) => {
        await new Promise((resolve) => setTimeout(resolve, (i * spreadMs) / cases));
        // Even cases go round the whole loop, odd ones are resolved on the spot; the two API
        // instances take turns.
        return raiseAndDrive(apis[i % 2]!, `prod-like-${stack.runId}-${i}`, i % 2 === 0, 25 * 60_000);
      },
    );
    const faults: string[] = [];
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    faults.push(await prodLikeEngine('stop', 'prod-kafka-2'));
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    faults.push(await prodLikeEngine('stop', 'prod-temporal'));
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    faults.push(await prodLikeEngine('start', 'prod-temporal'));
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    faults.push(await prodLikeEngine('start', 'prod-kafka-2'));

    const closed = await load;
    expect(closed.every((c) => c.status === 'closed')).toBe(true);
    const ids = closed.map((c) => c.id);
    expect(await auditCases(stack.db, ids)).toEqual([]);
    expect(await auditConsumers(stack.db, ['notification', 'reporting'], 10 * 60_000)).toEqual([]);
    expect(await stack.db.reportingCaseFact.count()).toBe(ids.length);
    expect(await workflowOutcomes(stack.temporal, stack.taskQueue, 5 * 60_000)).toEqual({ COMPLETED: ids.length });
    process.stderr.write(
      `prod-like: ${ids.length} cases through two of each service, faults: ${faults.join(' | ')}; ${((Date.now() - began) / 1000).toFixed(0)} s\n`,
    );
  });
});
