import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { createDatabase, type Database } from '@bishan/db';
import {
  createTestDatabase,
  engineAddresses,
  freePort,
  startService,
  type ServiceName,
  type ServiceProcess,
  type TestDatabase,
} from '@bishan/testing';

export interface FaultStack {
  runId: string;
  env: Record<string, string>;
  db: Database;
  temporal: Client;
  /** Running instances of a service, in start order. */
  instances(name: ServiceName): ServiceProcess[];
  /** The first running instance. */
  service(name: ServiceName): ServiceProcess;
  /** Starts one more instance of the service with the stack's environment. */
  add(name: ServiceName): Promise<ServiceProcess>;
  /** SIGKILL the instance (mid-work, as after a power cut) and start a fresh one in its place. */
  killAndRestart(instance: ServiceProcess): Promise<ServiceProcess>;
  stop(): Promise<void>;
}

/**
 * Like startTestStack, but the services can be killed, restarted and run several times over, and
 * the engines' addresses can be a test's own (a Temporal server or broker it stops).
 */
export async function startFaultStack(options: {
  label: string;
  services: Partial<Record<ServiceName, number>>;
  env?: Record<string, string>;
}): Promise<FaultStack> {
  const engines = engineAddresses();
  const runId = randomUUID().slice(0, 8);
  const name = `${options.label}-${runId}`;
  const testDb: TestDatabase = await createTestDatabase(options.label);
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    DATABASE_URL: testDb.url,
    TEMPORAL_ADDRESS: engines.temporal,
    TEMPORAL_TASK_QUEUE: name,
    KAFKA_BROKERS: engines.kafkaBrokers,
    KAFKA_CONSUMER_GROUP_PREFIX: `${name}-`,
    KAFKA_TOPIC_PREFIX: `${name}.`,
    CASE_POLICY_VERSION: 'demo-compressed',
    ...options.env,
  };
  const running = new Map<ServiceName, ServiceProcess[]>();
  const add = async (service: ServiceName) => {
    // Bundling the workflows takes long on a busy machine: a generous bound for readiness.
    const started = await startService(service, env, {
      port: await freePort(),
      label: name,
      readyTimeoutMs: 300_000,
    });
    running.set(service, [...(running.get(service) ?? []), started]);
    return started;
  };
  const starting = await Promise.allSettled(
    Object.entries(options.services).flatMap(([service, count]) =>
      Array.from({ length: count ?? 0 }, () => add(service as ServiceName)),
    ),
  );
  const failed = starting.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    // Nothing half-started may outlive a failed start.
    await Promise.all([...running.values()].flat().map((s) => s.stop()));
    testDb.remove();
    throw failed.reason;
  }
  const db = await createDatabase(env['DATABASE_URL']!);
  const temporal = new Client({
    connection: await Connection.connect({ address: env['TEMPORAL_ADDRESS']! }),
  });
  const instances = (service: ServiceName) => running.get(service) ?? [];
  return {
    runId,
    env,
    db,
    temporal,
    instances,
    service(service) {
      const first = instances(service)[0];
      if (!first) throw new Error(`no ${service} is running in this stack`);
      return first;
    },
    add,
    async killAndRestart(instance) {
      await instance.kill();
      running.set(
        instance.name,
        instances(instance.name).filter((i) => i !== instance),
      );
      return add(instance.name);
    },
    async stop() {
      await Promise.all([...running.values()].flat().map((s) => s.stop()));
      await db.$disconnect();
      await temporal.connection.close();
      testDb.remove();
    },
  };
}
