import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { topicsWithPrefix, type Topics } from '@bishan/contracts';
import { engineAddresses } from './engine-addresses';
import { freePort } from './free-port';
import { startService, type ServiceName, type ServiceProcess } from './service-process';
import { createTestDatabase, type TestDatabase } from './test-database';

export interface TestStackOptions {
  /** Names the suite's task queue, consumer groups and log files. */
  label: string;
  services: readonly ServiceName[];
  /** Extra or overriding environment for every service (policy version, sweep interval…). */
  env?: Record<string, string>;
}

export interface TestStack {
  runId: string;
  taskQueue: string;
  /** The suite's own topics on the shared broker: it sees none of another suite's events. */
  topics: Topics;
  db: TestDatabase;
  temporal: Client;
  /** The running service of that name; throws if the suite did not start it. */
  service(name: ServiceName): ServiceProcess;
  /** Workflows ever started on this suite's task queue, as visibility reports it right now. */
  workflowsOnQueue(): Promise<number>;
  /**
   * The same, once visibility has settled (the same count read three times in a row, 0.5 s apart):
   * for "nothing new was started" and "exactly one was started" assertions.
   */
  settledWorkflowsOnQueue(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * What every end-to-end suite needs: a fresh migrated database, its own task queue and consumer
 * groups and topics on the shared engines, the services as processes, and a Temporal client.
 */
export async function startTestStack(options: TestStackOptions): Promise<TestStack> {
  const engines = engineAddresses();
  const runId = randomUUID().slice(0, 8);
  const name = `${options.label}-${runId}`;
  const db = await createTestDatabase(options.label);
  const env = {
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    TEMPORAL_ADDRESS: engines.temporal,
    TEMPORAL_TASK_QUEUE: name,
    KAFKA_BROKERS: engines.kafkaBrokers,
    KAFKA_CONSUMER_GROUP_PREFIX: `${name}-`,
    KAFKA_TOPIC_PREFIX: `${name}.`,
    ...options.env,
  };
  const started = await Promise.all(
    options.services.map(async (service) => startService(service, env, { port: await freePort(), label: name })),
  );
  const temporal = new Client({ connection: await Connection.connect({ address: env.TEMPORAL_ADDRESS }) });
  const workflowsOnQueue = async () => {
    let count = 0;
    for await (const _ of temporal.workflow.list({ query: `TaskQueue = "${env.TEMPORAL_TASK_QUEUE}"` })) count += 1;
    return count;
  };
  return {
    runId,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    topics: topicsWithPrefix(env.KAFKA_TOPIC_PREFIX),
    db,
    temporal,
    service(wanted) {
      const found = started.find((s) => s.name === wanted);
      if (!found) throw new Error(`${wanted} was not started by this suite (started: ${options.services.join(', ')})`);
      return found;
    },
    workflowsOnQueue,
    async settledWorkflowsOnQueue() {
      let last = await workflowsOnQueue();
      for (let same = 1, rounds = 0; same < 3 && rounds < 40; rounds += 1) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        const now = await workflowsOnQueue();
        same = now === last ? same + 1 : 1;
        last = now;
      }
      return last;
    },
    async stop() {
      await Promise.all(started.map((s) => s.stop()));
      await temporal.connection.close();
      db.remove();
    },
  };
}
