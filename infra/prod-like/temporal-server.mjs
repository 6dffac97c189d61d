// The real Temporal server (not the CLI's dev server) for the production-like profile: built from
// go.temporal.io/server (infra/tools/go-tools.mjs), on PostgreSQL for persistence and visibility —
// both schemas set up with the server's own SQL tool — with HISTORY_SHARDS history shards, mutual TLS
// on the frontend and between its own services, and the case workflows' search attributes.
// Described for infra/engines/lifecycle.mjs, so up/down/status, pid files, logs and locks are the
// embedded engines' own.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePostgres, ensureRole, postgresPort } from '../postgres.mjs';
import { EngineError, isPortOpen, run, runOrThrow } from '../engines/process.mjs';
import { resolveConfig } from '../engines/paths.mjs';
import { TEMPORAL_BIN, ensureSearchAttributes, temporalEngine } from '../engines/temporal.mjs';
import { ensureGoTool, toolPath } from '../tools/go-tools.mjs';
import { ensureCertificates, SERVER_NAME, tlsFiles } from './certs.mjs';
import {
  DATA_DIR,
  HISTORY_SHARDS,
  HOST,
  NAMESPACE,
  PROD_DIR,
  TEMPORAL_DB,
  TEMPORAL_DB_ROLE,
  TEMPORAL_VISIBILITY_DB,
  TLS_DIR,
  ports,
  secrets,
} from './settings.mjs';

const ROOT = join(PROD_DIR, 'temporal');
const CONFIG_ENV = 'prod-like';

/** The temporal CLI's connection flags for this server: its address and mutual TLS as a client. */
export function temporalCliFlags() {
  const tls = tlsFiles(TLS_DIR);
  return [
    '--address', `${HOST}:${ports().temporalFrontend}`,
    '--tls-ca-path', tls.ca,
    '--tls-cert-path', tls.clientCert,
    '--tls-key-path', tls.clientKey,
    '--tls-server-name', SERVER_NAME,
    '--command-timeout', '10s',
    '--color', 'never',
  ];
}

// The CLI reads TEMPORAL_* from the environment (TEMPORAL_TLS, TEMPORAL_ADDRESS…), which the services'
// settings share: run it with only the flags above.
const cliEnv = () => Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('TEMPORAL_')));

export function temporalCli(args, options = {}) {
  return run(TEMPORAL_BIN, [...args, ...temporalCliFlags()], { env: cliEnv(), timeoutMs: 20_000, ...options });
}

async function frontendServing() {
  if (!(await isPortOpen(ports().temporalFrontend))) return false;
  if (!existsSync(TEMPORAL_BIN)) return false;
  const res = await temporalCli(['operator', 'cluster', 'health']);
  return res.code === 0 && /\bSERVING\b/.test(res.stdout);
}

function sqlTool() {
  return toolPath('temporal-server', 'temporal-sql-tool');
}

/** Creates both databases (if missing) and brings their schemas to the module's latest version. */
async function setUpSchemas(log) {
  ensurePostgres();
  const password = secrets().temporalDbPassword;
  ensureRole(TEMPORAL_DB_ROLE, password);
  const schemaRoot = join(toolPath('temporal-server', ''), '..', 'schema', 'postgresql', 'v12');
  const common = ['--plugin', 'postgres12', '--ep', HOST, '-p', String(postgresPort()), '-u', TEMPORAL_DB_ROLE, '--pw', password];
  for (const [db, dir] of [
    [TEMPORAL_DB, 'temporal'],
    [TEMPORAL_VISIBILITY_DB, 'visibility'],
  ]) {
    const tool = (what, ...args) => runOrThrow(`temporal-sql-tool ${what} (${db})`, sqlTool(), [...common, '--db', db, ...args]);
    const created = await run(sqlTool(), [...common, '--db', db, 'create-database']);
    if (created.code !== 0 && !/already exists/.test(created.stdout + created.stderr)) {
      throw new EngineError(`temporal-sql-tool create-database (${db}) failed: ${(created.stderr || created.stdout).trim().split('\n').pop()}`);
    }
    const marker = join(DATA_DIR, `${db}.schema-set-up`);
    if (!existsSync(marker)) {
      log(`temporal: setting up the ${dir} schema in PostgreSQL database ${db}`);
      await tool('setup-schema', 'setup-schema', '-v', '0.0', '--overwrite');
      writeFileSync(marker, 'setup-schema -v 0.0\n');
    }
    await tool('update-schema', 'update-schema', '-d', join(schemaRoot, dir, 'versioned'));
  }
}

function serverConfig() {
  const p = ports();
  const tls = tlsFiles(TLS_DIR);
  const password = secrets().temporalDbPassword;
  const pgPort = postgresPort();
  const datastore = (databaseName, maxConns) => ({
    sql: {
      pluginName: 'postgres12',
      databaseName,
      connectAddr: `${HOST}:${pgPort}`,
      connectProtocol: 'tcp',
      user: TEMPORAL_DB_ROLE,
      password,
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  });
  const mutualServer = { certFile: tls.serverCert, keyFile: tls.serverKey, requireClientAuth: true, clientCaFiles: [tls.ca] };
  const client = { serverName: SERVER_NAME, rootCaFiles: [tls.ca] };
  const service = (grpcPort, membershipPort, extra = {}) => ({
    rpc: { grpcPort, membershipPort, bindOnIP: HOST, ...extra },
  });
  return {
    log: { stdout: true, level: 'warn' },
    persistence: {
      defaultStore: 'postgres-default',
      visibilityStore: 'postgres-visibility',
      numHistoryShards: HISTORY_SHARDS,
      datastores: {
        'postgres-default': datastore(TEMPORAL_DB, 20),
        'postgres-visibility': datastore(TEMPORAL_VISIBILITY_DB, 10),
      },
    },
    global: {
      membership: { maxJoinDuration: '30s', broadcastAddress: HOST },
      metrics: { prometheus: { framework: 'tally', timerType: 'histogram', listenAddress: `${HOST}:${p.temporalMetrics}` } },
      // Mutual TLS everywhere: clients ↔ frontend, and the server's own services among themselves.
      tls: {
        internode: { server: mutualServer, client },
        frontend: { server: mutualServer, client },
        systemWorker: { certFile: tls.serverCert, keyFile: tls.serverKey, client },
      },
    },
    services: {
      frontend: service(p.temporalFrontend, p.temporalMembership.frontend, { httpPort: p.temporalFrontendHttp }),
      history: service(p.temporalHistory, p.temporalMembership.history),
      matching: service(p.temporalMatching, p.temporalMembership.matching),
      worker: service(p.temporalWorker, p.temporalMembership.worker),
    },
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: {
        active: { enabled: true, initialFailoverVersion: 1, rpcName: 'frontend', rpcAddress: `${SERVER_NAME}:${p.temporalFrontend}` },
      },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    dynamicConfigClient: { filepath: join(ROOT, 'config', 'dynamicconfig.yaml'), pollInterval: '10s' },
  };
}

// As the README asks of any server of one's own: a case step's recording goes straight back to the
// worker with the workflow task's answer.
const DYNAMIC_CONFIG = `# Generated by infra/prod-like/temporal-server.mjs on every start.
system.enableActivityEagerExecution:
  - value: true
limit.maxIDLength:
  - value: 255
`;

export function prodTemporalEngine() {
  const p = ports();
  const log = resolveConfig().log;
  return {
    name: 'prod-temporal',
    title: 'Temporal server (PostgreSQL, mTLS)',
    address: `${HOST}:${p.temporalFrontend}`,
    ports: [
      { port: p.temporalFrontend, env: 'PROD_LIKE_PORT_BASE' },
      { port: p.temporalHistory, env: 'PROD_LIKE_PORT_BASE' },
      { port: p.temporalMatching, env: 'PROD_LIKE_PORT_BASE' },
      { port: p.temporalWorker, env: 'PROD_LIKE_PORT_BASE' },
    ],
    startTimeoutMs: 120_000,
    healthy: () => frontendServing(),
    install: async () => {
      await ensureGoTool('temporal-server', log);
      await temporalEngine(resolveConfig()).install(); // the CLI, for health checks and admin
    },
    prepare: async () => {
      mkdirSync(join(ROOT, 'config'), { recursive: true });
      mkdirSync(DATA_DIR, { recursive: true });
      await ensureCertificates(TLS_DIR, log);
      await setUpSchemas(log);
      // JSON is YAML: the server reads it as its config file.
      writeFileSync(join(ROOT, 'config', `${CONFIG_ENV}.yaml`), `${JSON.stringify(serverConfig(), null, 2)}\n`, { mode: 0o600 });
      writeFileSync(join(ROOT, 'config', 'dynamicconfig.yaml'), DYNAMIC_CONFIG);
      return {
        cmd: toolPath('temporal-server', 'temporal-server'),
        // No authorizer: mutual TLS decides who may connect (every client certificate of the CA).
        args: ['--root', ROOT, '--config', 'config', '--env', CONFIG_ENV, '--allow-no-auth', 'start'],
        cwd: ROOT,
      };
    },
  };
}

/** The namespace and the case workflows' search attributes, registered once the server serves. */
export async function ensureNamespaceAndSearchAttributes(log) {
  const described = await temporalCli(['operator', 'namespace', 'describe', '--namespace', NAMESPACE]);
  if (described.code !== 0) {
    log(`temporal: registering namespace ${NAMESPACE}`);
    const created = await temporalCli(['operator', 'namespace', 'create', '--namespace', NAMESPACE, '--retention', '72h']);
    if (created.code !== 0 && !/already/i.test(created.stderr + created.stdout))
      throw new EngineError(`namespace create failed: ${(created.stderr || created.stdout).trim().split('\n').pop()}`);
  }
  // The namespace cache of the frontend takes a moment to see a new namespace.
  await ensureSearchAttributes(temporalCli, NAMESPACE, log, 60_000);
}

/** Reads the generated config back (for status output). */
export function configFile() {
  const file = join(ROOT, 'config', `${CONFIG_ENV}.yaml`);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
}
