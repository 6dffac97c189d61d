import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, openSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { logLevel } from 'kafkajs';
import { createKafka } from '@bishan/messaging';
import { workspaceRoot } from '@bishan/config';
import { freePort } from './free-port';
import { waitFor } from './wait-for';

const run = promisify(execFile);

export interface KafkaBroker {
  /** 'host:port', as KAFKA_BROKERS takes it. */
  brokers: string;
  dataDir: string;
  logFile: string;
  /** The broker's process id while it runs (a new one after each start), for reading its CPU time. */
  pid(): number | undefined;
  /** SIGTERM, wait for a clean exit; the data dir (topics, offsets, groups) stays. */
  stop(): Promise<void>;
  /** Starts it again on the same ports and data, and resolves once it serves metadata. */
  start(): Promise<void>;
  /** Stops it and removes its data dir. */
  remove(): Promise<void>;
}

/**
 * A throwaway single-node KRaft Kafka of a test's own, on free ports, for tests that stop the
 * broker (the shared one from infra/engines must keep running under other suites). It is the
 * infra/engines broker — the same cached jars, server.properties and storage formatting, asked of
 * infra/engines/kafka.mjs — only with its own ports, data dir and process.
 */
export async function startKafkaBroker(options: { label?: string; startTimeoutMs?: number } = {}): Promise<KafkaBroker> {
  const root = workspaceRoot();
  const [port, controllerPort] = [await freePort(), await freePort()];
  const dataDir = path.join(root, '.local/test-data', `kafka-${options.label ?? 'test'}-${randomUUID().slice(0, 8)}`);
  mkdirSync(dataDir, { recursive: true });
  const launch = await prepareBroker(root, { port, controllerPort, dataDir });
  const logFile = path.join(dataDir, 'broker.log');
  const brokers = `127.0.0.1:${port}`;
  const timeoutMs = options.startTimeoutMs ?? 120_000;
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();

  const start = async () => {
    if (child) return;
    const out = openSync(logFile, 'a');
    // Its own process group, so nothing the broker forks outlives a stop.
    const started = spawn(launch.cmd, launch.args, { cwd: launch.cwd, detached: true, stdio: ['ignore', out, out] });
    closeSync(out);
    child = started;
    track(started);
    exited = new Promise((resolve) =>
      started.once('exit', () => {
        if (child === started) child = undefined;
        resolve();
      }),
    );
    await waitFor(
      async () => {
        if (child !== started) throw new Error(`the broker exited; see ${logFile}`);
        return (await serves(brokers)) ? true : undefined;
      },
      { description: `the test Kafka broker on ${brokers}`, timeoutMs, intervalMs: 500 },
    );
  };

  const stop = async () => {
    const pid = child?.pid;
    if (!pid) return;
    signalGroup(pid, 'SIGTERM');
    const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
  };

  await start();
  return {
    brokers,
    dataDir,
    logFile,
    pid: () => child?.pid,
    stop,
    start,
    remove: async () => {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Asks infra/engines/kafka.mjs (ESM, run as its own Node process since Jest loads CommonJS) to
 * install the jars if needed, write the broker's config into `dataDir` and format its storage,
 * and returns the command that runs the broker.
 */
async function prepareBroker(
  root: string,
  settings: { port: number; controllerPort: number; dataDir: string },
): Promise<{ cmd: string; args: string[]; cwd?: string }> {
  const script = `
    import { kafkaEngine } from './infra/engines/kafka.mjs';
    import { resolveConfig } from './infra/engines/paths.mjs';
    const settings = ${JSON.stringify(settings)};
    const engine = kafkaEngine(resolveConfig({
      kafkaPort: settings.port,
      kafkaControllerPort: settings.controllerPort,
      dataDir: settings.dataDir,
      log: (line) => process.stderr.write(line + '\\n'),
    }));
    await engine.install();
    const { cmd, args, cwd } = await engine.prepare();
    process.stdout.write(JSON.stringify({ cmd, args, cwd }));
  `;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: root, maxBuffer: 1024 * 1024 });
  return JSON.parse(stdout) as { cmd: string; args: string[]; cwd?: string };
}

/** Ready once the broker lists itself and knows its controller. */
async function serves(brokers: string): Promise<boolean> {
  const admin = createKafka(
    { clientId: 'test-broker-probe', brokers: [brokers] },
    { logLevel: logLevel.NOTHING, retry: { retries: 0 }, connectionTimeout: 1_000 },
  ).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0 && cluster.controller !== null;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

// A suite that fails half-way must not leave a broker running behind it.
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function track(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const leftover of running) if (leftover.pid) signalGroup(leftover.pid, 'SIGKILL');
  });
}
