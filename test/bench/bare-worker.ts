import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { workspaceRoot } from '@bishan/config';
import { temporalConnectionOptions } from '@bishan/testing';

/** The baseline workflows' worker, run as a process of its own so that its CPU time is its own. */
export interface BareWorkerProcess {
  taskQueue: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Starts `bareWorkflow` and `sleepingWorkflow` (bare.workflows.ts) on `taskQueue` of the server that
 * `temporalEnv` (TEMPORAL_ADDRESS, and TLS as the services have it) names, in a child process, and
 * resolves once it polls.
 */
export async function spawnBareWorker(
  temporalEnv: Record<string, string>,
  taskQueue: string,
  readyTimeoutMs = 300_000,
): Promise<BareWorkerProcess> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', __filename, taskQueue], {
    cwd: workspaceRoot(),
    env: { ...process.env, ...temporalEnv, SWC_NODE_PROJECT: 'tsconfig.base.json' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  process.once('exit', () => child.kill('SIGKILL'));
  const lines = createInterface({ input: child.stdout! });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      new Promise<void>((resolve) => lines.on('line', (line) => line === 'ready' && resolve())),
      exited.then((code) => {
        throw new Error(`the bare worker exited with code ${code} before it was ready`);
      }),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the bare worker was not ready within ${readyTimeoutMs} ms`)), readyTimeoutMs);
      }),
    ]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return {
    taskQueue,
    pid: child.pid ?? -1,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(kill);
    },
  };
}

async function runWorker(taskQueue: string): Promise<void> {
  // Warnings only: the worker's state changes would drown the benchmark's own progress lines.
  Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });
  const connection = await NativeConnection.connect(temporalConnectionOptions(process.env));
  const worker = await Worker.create({
    connection,
    taskQueue,
    workflowsPath: path.join(__dirname, 'bare.workflows.ts'),
    activities: { noop: async () => undefined },
  });
  const running = worker.run();
  process.once('SIGTERM', () => worker.shutdown());
  process.stdout.write('ready\n');
  await running;
  await connection.close();
}

if (require.main === module) {
  const [taskQueue] = process.argv.slice(2);
  if (!taskQueue || !process.env['TEMPORAL_ADDRESS']) {
    process.stderr.write('usage: TEMPORAL_ADDRESS=host:port bare-worker.ts <task queue>\n');
    process.exit(2);
  }
  runWorker(taskQueue).catch((error: unknown) => {
    process.stderr.write(`bare worker: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
