import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { loadConfig, temporalConnectionOptionsOf } from '@bishan/config';
import { topicsWithPrefix, type Topics } from '@bishan/contracts';
import { engineAddresses } from './engine-addresses';
import { freePort } from './free-port';
import { startService, type ServiceName, type ServiceProcess } from './service-process';
import { createTestDatabase, type TestDatabase } from './test-database';

export interface TestStackOptions {
  /** Names the suite's task queue, consumer groups and log files. */
  label: string;
  /** The services to start: one of each named, or how many instances of each. */
  services: readonly ServiceName[] | Partial<Record<ServiceName, number>>;
  /** Extra or overriding environment for every service (policy version, sweep interval…). */
  env?: Record<string, string>;
  /** One service's own environment over `env` (the API alone behind a proxy); its restarts keep it. */
  serviceEnv?: Partial<Record<ServiceName, Record<string, string>>>;
  /** Pins the database (see createTestDatabase); unset, TEST_DATABASE decides. */
  database?: 'sqlite' | 'postgres';
  /**
   * How long each service may take to answer its readiness probe (default 90 s). Suites that start
   * services under heavy load (fault injection, benchmarks) allow more: bundling the workflows is
   * slow on a busy machine.
   */
  readyTimeoutMs?: number;
}

export interface TestStack {
  runId: string;
  taskQueue: string;
  /** The suite's own topics on the shared broker: it sees none of another suite's events. */
  topics: Topics;
  db: TestDatabase;
  /** The environment every service of the stack was started with. */
  env: Record<string, string>;
  temporal: Client;
  /** The (first) running instance of that service; throws if none runs. */
  service(name: ServiceName): ServiceProcess;
  /** Running instances of a service, in start order. */
  instances(name: ServiceName): ServiceProcess[];
  /**
   * Starts one more instance of the service with the stack's environment, and `env` over it (an API
   * that pins another policy version, say); killAndRestart starts its successor with the same.
   */
  add(name: ServiceName, options?: { env?: Record<string, string> }): Promise<ServiceProcess>;
  /**
   * SIGKILL the instance (mid-work, as after a power cut) and start a fresh one in its place; with
   * `samePort`, at the same address, so clients that know only that address carry on (an API behind
   * a fixed address, as behind a load balancer). `beforeRestart` runs while no instance is up.
   */
  killAndRestart(
    instance: ServiceProcess,
    options?: { samePort?: boolean; beforeRestart?: () => Promise<void> },
  ): Promise<ServiceProcess>;
  /** Workflows ever started on this suite's task queue, as visibility reports it right now. */
  workflowsOnQueue(): Promise<number>;
  /**
   * The same, once visibility has settled (the same count read three times in a row, 0.5 s apart):
   * for "nothing new was started" and "exactly one was started" assertions.
   */
  settledWorkflowsOnQueue(): Promise<number>;
  stop(): Promise<void>;
}

/** Limits far above what any suite sends (the defaults are meant for people). */
export const testStackLimits: Record<string, string> = {
  RATE_LIMIT_WRITES_PER_PERSON_PER_MINUTE: '1000000',
  RATE_LIMIT_WRITES_PER_ADDRESS_PER_MINUTE: '1000000',
  RAISE_QUOTA_PER_RESIDENT_PER_DAY: '1000000',
  STREAMS_PER_PERSON: '1000',
  EXPORT_MAX_ROWS: '1000000',
};

/**
 * What every end-to-end suite needs: a fresh migrated database, its own task queue and consumer
 * groups and topics on the shared engines, the services as processes, and a Temporal client. The
 * services can be killed, restarted and run several times over, and `env` can point them at a
 * test's own engines (a Temporal server or broker it stops).
 */
export async function startTestStack(options: TestStackOptions): Promise<TestStack> {
  const engines = engineAddresses();
  const runId = randomUUID().slice(0, 8);
  const name = `${options.label}-${runId}`;
  const db = await createTestDatabase(options.label, options.database ? { provider: options.database } : {});
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    TEMPORAL_ADDRESS: engines.temporal,
    TEMPORAL_TASK_QUEUE: name,
    KAFKA_BROKERS: engines.kafkaBrokers,
    KAFKA_CONSUMER_GROUP_PREFIX: `${name}-`,
    KAFKA_TOPIC_PREFIX: `${name}.`,
    // Anchors belong to one database: each stack anchors its own chains to its own file.
    AUDIT_ANCHOR_FILE: join(tmpdir(), 'bishan-test-anchors', `${name}.jsonl`),
    // Suites, faults and benchmarks drive far more requests than a person: the limits meant for
    // people are raised here, explicitly; a suite that tests a limit sets its own in `env`.
    ...testStackLimits,
    ...options.env,
  };
  const running = new Map<ServiceName, ServiceProcess[]>();
  const instances = (service: ServiceName) => running.get(service) ?? [];
  // What each instance was started with over the stack's environment: a restart keeps it.
  const extraEnvOf = new WeakMap<ServiceProcess, Record<string, string>>();
  const add = async (service: ServiceName, port?: number, extraEnv: Record<string, string> = {}) => {
    const started = await startService(service, { ...env, ...extraEnv }, {
      port: port ?? (await freePort()),
      label: name,
      ...(options.readyTimeoutMs ? { readyTimeoutMs: options.readyTimeoutMs } : {}),
    });
    running.set(service, [...instances(service), started]);
    extraEnvOf.set(started, extraEnv);
    return started;
  };
  const counts: [ServiceName, number][] = Array.isArray(options.services)
    ? (options.services as readonly ServiceName[]).map((service) => [service, 1])
    : (Object.entries(options.services) as [ServiceName, number][]);
  const starting = await Promise.allSettled(
    counts.flatMap(([service, count]) => Array.from({ length: count }, () => add(service, undefined, options.serviceEnv?.[service]))),
  );
  const failed = starting.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    // Nothing half-started may outlive a failed start.
    await Promise.all([...running.values()].flat().map((s) => s.stop()));
    db.remove();
    throw failed.reason;
  }
  const temporal = new Client({ connection: await Connection.connect(temporalConnectionOptions({ ...process.env, ...env })) });
  const taskQueue = env['TEMPORAL_TASK_QUEUE'] ?? name;
  const workflowsOnQueue = async () => {
    let count = 0;
    for await (const _ of temporal.workflow.list({ query: `TaskQueue = "${taskQueue}"` })) count += 1;
    return count;
  };
  return {
    runId,
    taskQueue,
    topics: topicsWithPrefix(env['KAFKA_TOPIC_PREFIX'] ?? ''),
    db,
    env,
    temporal,
    service(wanted) {
      const found = instances(wanted)[0];
      if (!found) throw new Error(`no ${wanted} is running in this stack (started: ${counts.map(([n]) => n).join(', ')})`);
      return found;
    },
    instances,
    add: (service, { env: extraEnv } = {}) => add(service, undefined, extraEnv),
    async killAndRestart(instance, restart = {}) {
      await instance.kill();
      running.set(
        instance.name,
        instances(instance.name).filter((i) => i !== instance),
      );
      await restart.beforeRestart?.();
      return add(
        instance.name,
        restart.samePort ? Number(new URL(instance.url).port) : undefined,
        extraEnvOf.get(instance),
      );
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
      await Promise.all([...running.values()].flat().map((s) => s.stop()));
      await temporal.connection.close();
      db.remove();
      rmSync(env['AUDIT_ANCHOR_FILE'] ?? '', { force: true });
    },
  };
}

/**
 * The stack's own client reaches Temporal as its services do: the address and, when TEMPORAL_TLS is
 * set (the production-like profile), TLS with the client certificate, read through the configuration.
 */
export function temporalConnectionOptions(env: Record<string, string | undefined>) {
  const temporalOnly = Object.fromEntries(Object.entries(env).filter(([name]) => name.startsWith('TEMPORAL_')));
  return temporalConnectionOptionsOf(loadConfig(temporalOnly).temporal);
}
