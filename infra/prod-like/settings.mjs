// Where the production-like profile keeps its state, which ports it uses, and its secrets.
// Everything lives under the git-ignored .local/prod-like/: certificates (tls/), engine data (data/),
// generated configuration, and secrets.json (passwords made at first use, never committed).
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { HOST, LOCAL_DIR } from '../engines/paths.mjs';

export { HOST };
export const PROD_DIR = join(LOCAL_DIR, 'prod-like');
export const TLS_DIR = join(PROD_DIR, 'tls');
export const DATA_DIR = join(PROD_DIR, 'data');

export const KAFKA_VERSION = '4.4.0';
export const KAFKA_NODES = Object.freeze([1, 2, 3]);
/** More than one history shard, as a production cluster has (fixed when the database is made). */
export const HISTORY_SHARDS = 4;
export const NAMESPACE = 'default';

function portBase() {
  const raw = process.env.PROD_LIKE_PORT_BASE;
  if (raw === undefined || raw === '') return 17000;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1024 || n > 60000) throw new Error(`invalid PROD_LIKE_PORT_BASE ${JSON.stringify(raw)}`);
  return n;
}

/** Every port of the profile, from PROD_LIKE_PORT_BASE (default 17000); all on 127.0.0.1. */
export function ports() {
  const b = portBase();
  return {
    temporalFrontend: b + 233,
    temporalFrontendHttp: b + 243,
    temporalHistory: b + 234,
    temporalMatching: b + 235,
    temporalWorker: b + 239,
    temporalMembership: { frontend: b + 933, history: b + 934, matching: b + 935, worker: b + 939 },
    temporalMetrics: b + 800,
    kafka: (node) => b + 2090 + node, // 17091, 17092, 17093: SASL_SSL for clients and brokers
    kafkaController: (node) => b + 2190 + node, // 17191…: SSL between controllers
  };
}

/** Passwords made once per checkout (random), kept in .local/prod-like/secrets.json (mode 600). */
export function secrets() {
  const file = join(PROD_DIR, 'secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  mkdirSync(PROD_DIR, { recursive: true });
  const made = {
    kafkaAdminPassword: randomBytes(18).toString('hex'),
    kafkaServicePassword: randomBytes(18).toString('hex'),
    temporalDbPassword: randomBytes(18).toString('hex'),
  };
  writeFileSync(file, `${JSON.stringify(made, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return made;
}

export const KAFKA_ADMIN_USER = 'admin';
export const KAFKA_SERVICE_USER = 'bishan';
export const TEMPORAL_DB_ROLE = 'temporal_prodlike';
export const TEMPORAL_DB = 'temporal_prodlike';
export const TEMPORAL_VISIBILITY_DB = 'temporal_prodlike_visibility';
