// npm run test:prod-like: installs what is missing (npm dependencies, the Temporal server built from
// its Go module, Kafka 4 jars, PostgreSQL is expected from Debian's package), brings the
// production-like profile up (or reuses it), runs the suites in test/prod-like against it, and stops
// only the engines this run started. Extra arguments go to Jest.
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { ensureDependencies, run } from '../bootstrap.mjs';
import { LOCAL_DIR, REPO_ROOT } from '../engines/paths.mjs';
import { ensurePostgres } from '../postgres.mjs';
import { serviceEnvironment, up } from './index.mjs';
import { useProjectNode } from '../node.mjs';

// Node 24 (infra/node.mjs): on an older Node this re-runs on .local's Node 24 and never returns.
await useProjectNode();

const started = [];
let stopping;
const stopEngines = () => (stopping ??= Promise.allSettled(started.map((e) => e.stop())));
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    console.error(`\n${signal}: stopping the engines this run started…`);
    void stopEngines().then(() => process.exit(130));
  });
}

async function step(title, fn) {
  const begin = Date.now();
  console.log(`\n▶ ${title}`);
  const result = await fn();
  console.log(`✔ ${title} (${((Date.now() - begin) / 1000).toFixed(1)} s)`);
  return result;
}

async function main() {
  await step('dependencies', () => ensureDependencies());
  const postgresUrl = await step('PostgreSQL (Debian cluster)', () => ensurePostgres());
  await step('engines: Temporal server on PostgreSQL (mTLS), three Kafka brokers (TLS + SCRAM)', async () => {
    const engines = await up();
    started.push(...engines);
    for (const e of engines) console.log(`  ${e.name.padEnd(14)} ${e.status.padEnd(8)} ${e.address}${e.startMs ? ` (${(e.startMs / 1000).toFixed(1)} s)` : ''}`);
  });
  const results = join(LOCAL_DIR, 'jest-results-prod-like.json');
  let failure;
  await step('the loop on the production-like profile', () =>
    run(
      join(REPO_ROOT, 'node_modules/.bin/jest'),
      ['-c', 'test/prod-like/jest.config.js', '--ci', '--runInBand', '--forceExit', '--json', `--outputFile=${results}`, ...process.argv.slice(2)],
      { env: { ...process.env, ...serviceEnvironment(), TEST_DATABASE: 'postgres', TEST_POSTGRES_URL: postgresUrl } },
    ).catch((error) => {
      failure = error;
    }),
  );
  const summary = JSON.parse(readFileSync(results, 'utf8'));
  console.log(`\nprod-like: ${summary.numPassedTests} passed, ${summary.numFailedTests} failed`);
  if (failure || summary.numFailedTests > 0 || summary.numTotalTests === 0) throw failure ?? new Error('the prod-like suite failed');
}

try {
  await main();
} catch (error) {
  console.error(`\nnpm run test:prod-like failed: ${error.message}`);
  process.exitCode = 1;
} finally {
  await stopEngines();
}
