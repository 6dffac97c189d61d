// npm start: install what is missing, bring up Temporal and Kafka (or reuse running ones), apply
// migrations, build the web console if needed, start the four services and the console, print where
// everything is, and stay in the foreground.
// Ctrl-C stops the services and every engine this command started.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { useProjectNode } from './node.mjs';
import { ensureDependencies, migrateDatabase } from './bootstrap.mjs';
import { up } from './engines/index.mjs';
import { LOCAL_DIR, REPO_ROOT } from './engines/paths.mjs';
import { serviceNodeFlags } from './service-node-flags.mjs';
import { ensureBuild } from '../services/web/scripts/ensure-build.mjs';

// Node 24 (infra/node.mjs): on an older Node this re-runs on .local's Node 24 and never returns.
await useProjectNode();

const SERVICES = [
  { name: 'case-api', portVariable: 'CASE_API_PORT', port: 3000 },
  { name: 'case-worker', portVariable: 'CASE_WORKER_PORT', port: 3001 },
  { name: 'notification', portVariable: 'NOTIFICATION_PORT', port: 3002 },
  { name: 'reporting', portVariable: 'REPORTING_PORT', port: 3003 },
  // The web console: the built app and one origin for the three services above (services/web).
  { name: 'web', portVariable: 'WEB_PORT', port: 3004, entry: 'services/web/server/main.ts' },
];
const READY_TIMEOUT_MS = 120_000;
// --demo: the demo-compressed-2026.2 policy (a working day lasts 2 s), the demo scenario (six fixed
// cases driven to the states worth showing), then the district simulator, slowly.
const DEMO = process.argv.includes('--demo');

const begin = Date.now();
const engines = [];
const children = [];
let shuttingDown = false;

const log = (line) => console.log(`[start] ${line}`);

function portOf(service) {
  return Number(process.env[service.portVariable] ?? service.port);
}

function startService(service, env) {
  const child = spawn(process.execPath, [...serviceNodeFlags(service.name), '-r', '@swc-node/register', service.entry ?? `services/${service.name}/src/main.ts`], {
    cwd: REPO_ROOT,
    env: { ...env, SWC_NODE_PROJECT: 'tsconfig.base.json' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = `[${service.name}]`.padEnd(15);
  for (const stream of [child.stdout, child.stderr]) {
    let pending = '';
    stream.on('data', (chunk) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop();
      for (const line of lines) if (line.trim()) console.log(`${prefix}${line}`);
    });
  }
  child.on('exit', (code, signal) => {
    if (shuttingDown) return;
    log(`${service.name} exited (${signal ?? `code ${code}`}); stopping everything`);
    void shutdown(1);
  });
  children.push({ service, child });
}

async function waitHealthy(service) {
  const url = `http://127.0.0.1:${portOf(service)}/health`;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = 'no answer yet';
  while (Date.now() < deadline && !shuttingDown) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
      last = JSON.stringify((await response.json()).checks);
    } catch (error) {
      last = error.cause?.code ?? error.message;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${service.name} not healthy at ${url} after ${READY_TIMEOUT_MS / 1000} s (${last})`);
}

async function shutdown(exitCode) {
  if (shuttingDown) return;
  shuttingDown = true;
  log('stopping services…');
  await Promise.all(
    children.map(
      ({ child }) =>
        new Promise((resolveExit) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolveExit();
          const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
          child.once('exit', () => {
            clearTimeout(timer);
            resolveExit();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
  if (engines.some((e) => e.status === 'started')) log('stopping the engines this command started…');
  await Promise.allSettled(engines.map((e) => e.stop()));
  log('stopped');
  process.exit(exitCode);
}

async function main() {
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  await ensureDependencies(log);
  log('starting Temporal and Kafka (reusing any already running)…');
  engines.push(...(await up(['temporal', 'kafka'])));
  const temporal = engines.find((e) => e.name === 'temporal');
  const kafka = engines.find((e) => e.name === 'kafka');

  mkdirSync(join(LOCAL_DIR, 'data'), { recursive: true });
  const databaseUrl = process.env.DATABASE_URL ?? `file:${resolve(LOCAL_DIR, 'data/bishan.db')}`;
  log('applying database migrations…');
  await migrateDatabase(databaseUrl);

  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_UI_URL: temporal.uiUrl ?? 'http://127.0.0.1:8233',
    KAFKA_BROKERS: kafka.address,
    // One development signing secret for every service of this run: notification and reporting verify
    // the case API's tokens. Still fresh per run when unset, so tokens die with a restart as before.
    DEV_AUTH_SECRET: process.env.DEV_AUTH_SECRET ?? randomBytes(32).toString('hex'),
    // The demo's simulator writes from one address far faster than a person: its limits are raised
    // for this run only (explicit settings win).
    ...(DEMO
      ? {
          CASE_POLICY_VERSION: 'demo-compressed-2026.2',
          RATE_LIMIT_WRITES_PER_ADDRESS_PER_MINUTE: process.env.RATE_LIMIT_WRITES_PER_ADDRESS_PER_MINUTE ?? '100000',
          RATE_LIMIT_WRITES_PER_PERSON_PER_MINUTE: process.env.RATE_LIMIT_WRITES_PER_PERSON_PER_MINUTE ?? '100000',
          RAISE_QUOTA_PER_RESIDENT_PER_DAY: process.env.RAISE_QUOTA_PER_RESIDENT_PER_DAY ?? '100000',
        }
      : {}),
  };
  await ensureBuild(log);
  for (const service of SERVICES) startService(service, { ...env, [service.portVariable]: String(portOf(service)) });
  await Promise.all(SERVICES.map(waitHealthy));

  const api = `http://127.0.0.1:${portOf(SERVICES[0])}`;
  console.log(
    [
      '',
      `all healthy in ${((Date.now() - begin) / 1000).toFixed(1)} s`,
      `  Console      http://127.0.0.1:${portOf(SERVICES.find((s) => s.name === 'web'))}`,
      `  API          ${api}`,
      `  Swagger UI   ${api}/docs   (OpenAPI: ${api}/docs/openapi.json)`,
      `  Temporal UI  ${env.TEMPORAL_UI_URL}`,
      `  Kafka        ${kafka.address}`,
      '  health       ' + SERVICES.map((s) => `http://127.0.0.1:${portOf(s)}/health`).join('  '),
      '',
      'Ctrl-C stops everything this command started.',
      '',
    ].join('\n'),
  );
  if (DEMO) startDemoSimulation(api, env);
}

/**
 * A living district for the console: first the demo scenario (test/simulator/demo-scenario.ts) raises
 * six fixed cases and drives them, within about half a minute, to a late claim escalated up the chain,
 * an overdue case escalated, an extension waiting for its leader, a reopened case, one resolved on the
 * spot and one claimed late, a line each as it gets there; then one random case every two seconds, on
 * and on, until Ctrl-C.
 */
function startDemoSimulation(api, env) {
  const simulator = ['test/simulator/cli.ts', '--scenario', 'demo', '--rate', '0.5', '--duration', '86400', '--base-url', api];
  const child = spawn(process.execPath, ['-r', '@swc-node/register', ...simulator], {
    cwd: REPO_ROOT,
    env: { ...env, SWC_NODE_PROJECT: 'tsconfig.base.json' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  log('demo: policy demo-compressed-2026.2 (every wait watched, a working day lasts 2 s): six showcase cases first, a line each as it reaches its state, then the district simulator raises a case every 2 s');
  child.on('exit', (code, signal) => {
    if (!shuttingDown) log(`demo simulator exited (${signal ?? `code ${code}`}); the services keep running`);
  });
  process.once('exit', () => child.kill('SIGTERM'));
}

main().catch(async (error) => {
  console.error(`[start] ${error.message}`);
  await shutdown(1);
});
