import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { workspaceRoot } from '@bishan/config';
import { waitFor } from './wait-for';

export interface TemporalDevServer {
  address: string;
  /** The server's process id, for reading its CPU time. */
  pid: number;
  stop(): Promise<void>;
}

/**
 * A Temporal dev server of a test's own, on a file-backed SQLite store, for tests that stop and
 * restart the server (the shared one from infra/engines must not be restarted under other suites)
 * and for benchmarks that must not depend on what other runs left in the shared one.
 */
export async function startTemporalDevServer(options: { port: number; dbFile: string }): Promise<TemporalDevServer> {
  const root = workspaceRoot();
  const binary = process.env['TEMPORAL_CLI_PATH'] ?? path.join(root, '.local/engines/temporal-venv-1.9.1/bin/temporal');
  mkdirSync(path.dirname(options.dbFile), { recursive: true });
  const log = openSync(`${options.dbFile}.server.log`, 'a');
  const child = spawn(
    binary,
    [
      'server',
      'start-dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(options.port),
      '--headless',
      '--db-filename',
      options.dbFile,
      // as the shared engine runs (infra/engines/temporal.mjs): writers do not block readers
      '--sqlite-pragma',
      'journal_mode=wal',
      // as the shared one: eager activities, a timer read-ahead for one clock
      ...devServerDynamicConfigFlags(root),
      // the case workflows' typed search attributes, as every server of the project has them
      ...searchAttributeFlags(root),
      '--log-level',
      'warn',
    ],
    { stdio: ['ignore', log, log] },
  );
  closeSync(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const address = `127.0.0.1:${options.port}`;
  await waitFor(
    async () => {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      try {
        await connection.workflowService.getSystemInfo({});
        await connection.workflowService.describeNamespace({ namespace: 'default' });
        // Registered right after the namespace: a test starting at once may already filter on them.
        const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
        return Object.keys(searchAttributes(root)).every((name) => name in (customAttributes ?? {})) ? true : undefined;
      } finally {
        await connection.close();
      }
    },
    { description: `Temporal dev server on ${address}`, timeoutMs: 60_000, intervalMs: 250 },
  );
  return {
    address,
    pid: child.pid ?? -1,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** One of infra/engines' JSON files, without its `$comment` keys. */
function engineSettings<T>(root: string, file: string): Record<string, T> {
  const all = JSON.parse(readFileSync(path.join(root, 'infra/engines', file), 'utf8')) as Record<string, T>;
  return Object.fromEntries(Object.entries(all).filter(([key]) => !key.startsWith('$')));
}

/** name → type, from infra/engines/search-attributes.json (the one list every server registers). */
export function searchAttributes(root = workspaceRoot()): Record<string, string> {
  return engineSettings<string>(root, 'search-attributes.json');
}

/**
 * Registers them on a server that starts without (the time-skipping test server takes no flags for
 * them, and refuses upserts of names it does not know).
 */
export async function registerSearchAttributes(connection: Connection, namespace: string, root = workspaceRoot()): Promise<void> {
  const types = temporal.api.enums.v1.IndexedValueType;
  const indexed = (type: string) => types[`INDEXED_VALUE_TYPE_${type.replace(/(?<=[a-z])(?=[A-Z])/g, '_').toUpperCase()}` as keyof typeof types];
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(Object.entries(searchAttributes(root)).map(([name, type]) => [name, indexed(type)])),
  });
}

/** `--dynamic-config-value key=JSON` from infra/engines/dev-server-dynamic-config.json (which says why each). */
function devServerDynamicConfigFlags(root: string): string[] {
  return Object.entries(engineSettings<unknown>(root, 'dev-server-dynamic-config.json')).flatMap(([key, value]) => [
    '--dynamic-config-value',
    `${key}=${JSON.stringify(value)}`,
  ]);
}

function searchAttributeFlags(root: string): string[] {
  return Object.entries(searchAttributes(root)).flatMap(([name, type]) => ['--search-attribute', `${name}=${type}`]);
}
