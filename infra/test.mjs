// npm test: install what is missing, bring up (or reuse) the real engines, then lint, type-check and
// run every Jest suite against them; stop only the engines this run started.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDependencies, run } from './bootstrap.mjs';
import { up } from './engines/index.mjs';
import { LOCAL_DIR, REPO_ROOT } from './engines/paths.mjs';

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
  await step('type-check', () => run(bin('tsc'), ['-p', 'tsconfig.json'], { env }));

  mkdirSync(LOCAL_DIR, { recursive: true });
  const results = join(LOCAL_DIR, 'jest-results.json');
  let failure;
  await step('tests', () =>
    // --forceExit: a handle leaked by a failing suite must fail the run, not hang CI until its time limit.
    run(bin('jest'), ['--ci', '--forceExit', '--json', `--outputFile=${results}`, ...jestArgs], { env }).catch((error) => {
      failure = error;
    }),
  );
  const summary = JSON.parse(readFileSync(results, 'utf8'));
  console.log(`\ntests: ${summary.numPassedTests} passed, ${summary.numFailedTests} failed`);
  if (failure || summary.numFailedTests > 0 || summary.numTotalTests === 0) throw failure ?? new Error('tests failed');
}

try {
  await main();
} catch (error) {
  console.error(`\nnpm test failed: ${error.message}`);
  process.exitCode = 1;
} finally {
  await stopEngines();
}
