import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { workspaceRoot } from '@bishan/config';

const run = promisify(execFile);

/**
 * Stops or starts one engine of the production-like profile through its command line
 * (infra/prod-like/cli.mjs, ESM, run as its own process since Jest loads CommonJS): `stop` sends
 * SIGTERM to its process group and waits until its ports are closed, `start` waits until it is healthy.
 */
export async function prodLikeEngine(command: 'stop' | 'start', engine: string): Promise<string> {
  const { stdout } = await run(process.execPath, [path.join('infra', 'prod-like', 'cli.mjs'), command, engine], {
    cwd: workspaceRoot(),
    timeout: 5 * 60_000,
  });
  return stdout.trim();
}

/** The suites run only under `npm run test:prod-like`, which exports the profile's environment. */
export function requireProdLikeEnvironment(): void {
  const env = process.env;
  if (env['TEMPORAL_TLS'] !== 'true' || env['KAFKA_SASL_MECHANISM'] === undefined || env['TEST_DATABASE'] !== 'postgres')
    throw new Error('run these suites with `npm run test:prod-like` (TLS, SCRAM and PostgreSQL settings are missing)');
}
