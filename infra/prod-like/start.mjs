// npm run start:prod-like: the production-like profile on loopback — the Temporal server on
// PostgreSQL with mutual TLS, three Kafka brokers with TLS + SCRAM, the read models in PostgreSQL
// (database bishan_prodlike), and two instances of each of the four services, connected through the
// same settings a deployment uses (libs/config). Stays in the foreground; Ctrl-C stops the services
// and the engines this command started.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ensureDependencies, migrateDatabase } from '../bootstrap.mjs';
import { REPO_ROOT } from '../engines/paths.mjs';
import { ensurePostgres } from '../postgres.mjs';
import { serviceEnvironment, up } from './index.mjs';
import { useProjectNode } from '../node.mjs';
import { serviceNodeFlags } from '../service-node-flags.mjs';

// Node 24 (infra/node.mjs): on an older Node this re-runs on .local's Node 24 and never returns.
await useProjectNode();

const SERVICES = [
  { name: 'case-api', portVariable: 'CASE_API_PORT', ports: [3100, 3110] },
  { name: 'case-worker', portVariable: 'CASE_WORKER_PORT', ports: [3101, 3111] },
  { name: 'notification', portVariable: 'NOTIFICATION_PORT', ports: [3102, 3112] },
  { name: 'reporting', portVariable: 'REPORTING_PORT', ports: [3103, 3113] },
];
const DATABASE = 'bishan_prodlike';
const log = (line) => console.log(`[prod-like] ${line}`);
const engines = [];
const children = [];
let shuttingDown = false;

async function ensureDatabase(adminUrl) {
  const { Client } = createRequire(join(REPO_ROOT, 'package.json'))('pg');
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${DATABASE}`;
  return url.toString();
}

function startService(service, instance, env) {
  const port = service.ports[instance];
  const child = spawn(process.execPath, [...serviceNodeFlags(service.name), '-r', '@swc-node/register', `services/${service.name}/src/main.ts`], {
    cwd: REPO_ROOT,
    env: { ...env, [service.portVariable]: String(port), SWC_NODE_PROJECT: 'tsconfig.base.json' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = `[${service.name}#${instance + 1}]`.padEnd(17);
  for (const stream of [child.stdout, child.stderr]) {
    let pending = '';
    stream.on('data', (chunk) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop();
      for (const line of lines) if (line.trim()) console.log(`${prefix}${line}`);
    });
  }
  child.on('exit', (code, signal) => {
    if (!shuttingDown) {
      log(`${service.name}#${instance + 1} exited (${signal ?? `code ${code}`}); stopping everything`);
      void shutdown(1);
    }
  });
  children.push(child);
  return `http://127.0.0.1:${port}`;
}

async function waitHealthy(url) {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline && !shuttingDown) {
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url}/health did not answer ok within 180 s`);
}

async function shutdown(code) {
  if (shuttingDown) return;
  shuttingDown = true;
  log('stopping services…');
  await Promise.all(
    children.map(
      (child) =>
        new Promise((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
  await Promise.allSettled(engines.map((e) => e.stop()));
  log('stopped');
  process.exit(code);
}

async function main() {
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  await ensureDependencies(log);
  const adminUrl = ensurePostgres();
  log('starting the Temporal server (PostgreSQL, mTLS) and three Kafka brokers (TLS + SCRAM)…');
  engines.push(...(await up()));
  for (const e of engines) log(`${e.name.padEnd(14)} ${e.status.padEnd(8)} ${e.address}`);
  const databaseUrl = await ensureDatabase(adminUrl);
  log(`applying migrations to ${DATABASE}…`);
  await migrateDatabase(databaseUrl);
  const env = {
    ...process.env,
    ...serviceEnvironment(),
    DATABASE_URL: databaseUrl,
    DEV_AUTH_SECRET: process.env.DEV_AUTH_SECRET ?? randomBytes(32).toString('hex'),
  };
  const urls = SERVICES.flatMap((service) => [0, 1].map((i) => [service.name, startService(service, i, env)]));
  await Promise.all(urls.map(([, url]) => waitHealthy(url)));
  console.log(
    [
      '',
      'all healthy: two of each service on the production-like engines',
      ...urls.map(([name, url]) => `  ${name.padEnd(13)} ${url}`),
      `  Temporal      ${env.TEMPORAL_ADDRESS} (mutual TLS; certificates in .local/prod-like/tls/)`,
      `  Kafka         ${env.KAFKA_BROKERS} (SASL_SSL, SCRAM-SHA-512, user ${env.KAFKA_SASL_USERNAME})`,
      `  PostgreSQL    ${databaseUrl.replace(/\/\/[^@/]*@/, '//***@')}`,
      '',
      'Ctrl-C stops the services and the engines this command started.',
      '',
    ].join('\n'),
  );
}

main().catch(async (error) => {
  console.error(`[prod-like] ${error.message}`);
  await shutdown(1);
});
