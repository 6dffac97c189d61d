import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { workspaceRoot } from '@bishan/config';
import { waitFor } from './wait-for';

export type ServiceName = 'case-api' | 'case-worker' | 'notification' | 'reporting';

export const servicePortVariable: Record<ServiceName, string> = {
  'case-api': 'CASE_API_PORT',
  'case-worker': 'CASE_WORKER_PORT',
  notification: 'NOTIFICATION_PORT',
  reporting: 'REPORTING_PORT',
};

export interface ServiceProcess {
  name: ServiceName;
  url: string;
  pid: number;
  logFile: string;
  /** SIGTERM and wait for a graceful exit. */
  stop(): Promise<void>;
  /** SIGKILL: the process dies mid-work, as after a power cut. */
  kill(): Promise<void>;
}

/** The service's node flags, as `npm start` passes them (infra/service-node-flags.mjs says why). */
export function serviceNodeFlags(root: string, name: ServiceName): string[] {
  const flags = JSON.parse(readFileSync(path.join(root, 'infra/service-node-flags.json'), 'utf8')) as Record<string, string[]>;
  return flags[name] ?? [];
}

/**
 * Runs a service as its own process, the way `npm start` does, and resolves once its readiness
 * endpoint answers ok. On a failed start the error carries the end of the service's log.
 */
export async function startService(
  name: ServiceName,
  env: Record<string, string>,
  options: { port: number; readyTimeoutMs?: number; label?: string },
): Promise<ServiceProcess> {
  const root = workspaceRoot();
  const logDir = path.join(root, '.local/test-logs');
  mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `${options.label ?? 'test'}-${name}-${options.port}.log`);
  const out = openSync(logFile, 'w');
  // SERVICE_CPU_PROFILE_DIR=dir writes each service's V8 CPU profile there when it stops (for
  // finding where a benchmark's time goes; Node refuses --cpu-prof in NODE_OPTIONS).
  // With SERVICE_CPU_PROFILE_PHASES=1 as well, only between two SIGWINCH (phase-cpu-profiler.cjs).
  const profileDir = process.env['SERVICE_CPU_PROFILE_DIR'];
  const byPhase = process.env['SERVICE_CPU_PROFILE_PHASES'] === '1';
  const profiling = !profileDir
    ? []
    : byPhase
      ? ['-r', path.join(root, 'libs/testing/src/phase-cpu-profiler.cjs')]
      : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${name}-${options.port}.cpuprofile`];
  const child = spawn(process.execPath, [...profiling, ...serviceNodeFlags(root, name), '-r', '@swc-node/register', `services/${name}/src/main.ts`], {
    cwd: root,
    env: {
      ...process.env,
      // A suite's worker would otherwise leave a schedule behind on the shared server; the suite
      // that tests the sweep turns it on.
      CLUSTER_SWEEP_INTERVAL_MINUTES: '0',
      ...env,
      [servicePortVariable[name]]: String(options.port),
      SWC_NODE_PROJECT: 'tsconfig.base.json',
      SERVICE_CPU_PROFILE_NAME: name,
    },
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  track(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${options.port}`;
  try {
    await Promise.race([
      waitFor(async () => ((await fetch(`${url}/health`)).ok ? true : undefined), {
        description: `${name} to become ready at ${url}/health`,
        timeoutMs: options.readyTimeoutMs ?? 90_000,
        intervalMs: 250,
      }),
      exited.then((code) => {
        throw new Error(`${name} exited with code ${code} before it was ready`);
      }),
    ]);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\n--- end of ${logFile} ---\n${tail(logFile)}`);
  }
  return {
    name,
    url,
    pid: child.pid ?? -1,
    logFile,
    stop: () => terminate(child, exited, 'SIGTERM'),
    kill: () => terminate(child, exited, 'SIGKILL'),
  };
}

async function terminate(child: ChildProcess, exited: Promise<unknown>, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

// A suite that fails half-way must not leave services running behind it (they would keep Jest and
// CI alive): whatever is still running when the test process exits is killed.
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function track(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const leftover of running) leftover.kill('SIGKILL');
  });
}
