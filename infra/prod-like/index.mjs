// The production-like profile on loopback: a Temporal server on PostgreSQL with mutual TLS and three
// Kafka brokers with TLS + SCRAM. Programmatic API for the CLI, `npm run start:prod-like` and
// `npm run test:prod-like`:
//
//   const engines = await up();      // [{ name, status: 'started'|'reused', address, stop }]
//   serviceEnvironment()             // what the services need to reach them (TLS files, SCRAM user…)
//   await stopEngine('prod-kafka-2'); await startEngine('prod-kafka-2');   // fault injection
import { downEngine, engineStatus, upEngine } from '../engines/lifecycle.mjs';
import { resolveConfig } from '../engines/paths.mjs';
import { EngineError } from '../engines/process.mjs';
import { tlsFiles, SERVER_NAME } from './certs.mjs';
import { kafkaBrokers, prodKafkaEngine } from './kafka-cluster.mjs';
import { ensureNamespaceAndSearchAttributes, prodTemporalEngine } from './temporal-server.mjs';
import { KAFKA_NODES, KAFKA_SERVICE_USER, NAMESPACE, TLS_DIR, ports, secrets } from './settings.mjs';

export { EngineError };

const ENGINES = {
  'prod-temporal': () => prodTemporalEngine(),
  ...Object.fromEntries(KAFKA_NODES.map((n) => [`prod-kafka-${n}`, () => prodKafkaEngine(n)])),
};
export const PROD_ENGINE_NAMES = Object.freeze(Object.keys(ENGINES));

function engine(name) {
  const make = ENGINES[name];
  if (!make) throw new EngineError(`unknown engine ${name} (known: ${PROD_ENGINE_NAMES.join(', ')})`);
  return make();
}

const log = (line) => resolveConfig().log(line);

/**
 * Brings every engine of the profile up (the three brokers together: a quorum needs two of them),
 * then registers the namespace and the search attributes. All or nothing, like infra/engines' up.
 */
export async function up(names = PROD_ENGINE_NAMES) {
  const list = names.map((n) => engine(n));
  const settled = await Promise.allSettled(list.map((e) => upEngine(e, log)));
  const results = settled.map((s, i) =>
    s.status === 'fulfilled'
      ? { ...s.value, stop: s.value.status === 'started' ? () => downEngine(list[i], log) : async () => {} }
      : null,
  );
  const failure = settled.find((s) => s.status === 'rejected');
  if (failure) {
    await Promise.allSettled(results.filter(Boolean).map((r) => r.stop()));
    throw failure.reason;
  }
  if (names.includes('prod-temporal')) await ensureNamespaceAndSearchAttributes(log);
  return results;
}

export const down = (names = PROD_ENGINE_NAMES) => Promise.all(names.map((n) => downEngine(engine(n), log)));
export const status = (names = PROD_ENGINE_NAMES) => Promise.all(names.map((n) => engineStatus(engine(n))));

/** Stops one engine of the profile (SIGTERM to its process group), for fault injection. */
export const stopEngine = (name) => downEngine(engine(name), log);
/** Starts it again on the same data, resolving once it is healthy. */
export const startEngine = async (name) => {
  const result = await upEngine(engine(name), log);
  if (name === 'prod-temporal') await ensureNamespaceAndSearchAttributes(log);
  return result;
};

/**
 * The services' environment for this profile (libs/config reads it): mutual TLS to Temporal, TLS and
 * SCRAM to the three brokers, topics replicated three times with two in sync.
 */
export function serviceEnvironment() {
  const tls = tlsFiles(TLS_DIR);
  return {
    TEMPORAL_ADDRESS: `127.0.0.1:${ports().temporalFrontend}`,
    TEMPORAL_NAMESPACE: NAMESPACE,
    TEMPORAL_TLS: 'true',
    TEMPORAL_TLS_CA_FILE: tls.ca,
    TEMPORAL_TLS_CERT_FILE: tls.clientCert,
    TEMPORAL_TLS_KEY_FILE: tls.clientKey,
    TEMPORAL_TLS_SERVER_NAME: SERVER_NAME,
    KAFKA_BROKERS: kafkaBrokers(),
    KAFKA_SSL: 'true',
    KAFKA_SSL_CA_FILE: tls.ca,
    KAFKA_SASL_MECHANISM: 'scram-sha-512',
    KAFKA_SASL_USERNAME: KAFKA_SERVICE_USER,
    KAFKA_SASL_PASSWORD: secrets().kafkaServicePassword,
    KAFKA_TOPIC_PARTITIONS: '3',
    KAFKA_TOPIC_REPLICATION_FACTOR: '3',
    KAFKA_TOPIC_MIN_INSYNC_REPLICAS: '2',
  };
}
