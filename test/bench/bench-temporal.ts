import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { workspaceRoot } from '@bishan/config';
import { freePort, startTemporalDevServer } from '@bishan/testing';
import { filesBytes } from './measures';

/** The bench's Temporal servers: the throwaway dev server (the default), or the clustered one. */
export const BENCH_TEMPORALS = ['dev', 'prod-like'] as const;
export type BenchTemporalKind = (typeof BENCH_TEMPORALS)[number];

export const isBenchTemporal = (kind: string): kind is BenchTemporalKind =>
  (BENCH_TEMPORALS as readonly string[]).includes(kind);

/** The Temporal server a bench run measures against, whichever it is. */
export interface BenchTemporal {
  /** Said in the run's log and report. */
  title: string;
  pid: number;
  /** TEMPORAL_* settings the services, the stack's client and the bare worker reach it with. */
  env: Record<string, string>;
  /** What its persistence holds on disk: the SQLite file and log, or both PostgreSQL databases. */
  storeBytes(): Promise<number>;
  stop(): Promise<void>;
}

export function startBenchTemporal(
  kind: BenchTemporalKind,
  log: (line: string) => void,
): Promise<BenchTemporal> {
  return kind === 'dev' ? startDevServer() : startProdLikeServer(log);
}

/** Its own SQLite file, so that the numbers do not depend on what earlier runs left in the shared one. */
async function startDevServer(): Promise<BenchTemporal> {
  const dbFile = path.join(
    workspaceRoot(),
    '.local/test-data',
    `bench-temporal-${process.pid}-${Date.now()}.db`,
  );
  const server = await startTemporalDevServer({ port: await freePort(), dbFile });
  return {
    title: 'Temporal dev server (SQLite, one history shard)',
    pid: server.pid,
    env: { TEMPORAL_ADDRESS: server.address },
    storeBytes: () => Promise.resolve(filesBytes([dbFile, `${dbFile}-wal`])),
    stop: async () => {
      await server.stop();
      for (const suffix of ['', '-wal', '-shm', '.server.log']) rmSync(`${dbFile}${suffix}`, { force: true });
    },
  };
}

/**
 * The production-like profile's server (infra/prod-like: PostgreSQL for persistence and visibility,
 * four history shards, mutual TLS). The dev server keeps every timer task of its one shard in one
 * SQLite table, and past ~50,000 waiting cases its timer queue's range reads take most of its CPU
 * (test/bench/README.md): the pending part toward 100,000 needs a server built to hold them.
 * Started for the run and stopped after it; one already running is refused, since its load and
 * state would be measured with the run's.
 */
async function startProdLikeServer(log: (line: string) => void): Promise<BenchTemporal> {
  const root = workspaceRoot();
  // The profile's engines are ESM (infra/prod-like), asked in a Node process of their own.
  // Their progress lines (the first run builds the server from the Go module proxy: minutes on two
  // cores) go to the run's log; the answer is the JSON on stdout.
  const ask = <T>(script: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
        cwd: root,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.once('error', reject);
      child.once('exit', (code) => {
        if (code !== 0)
          return reject(
            new Error(
              `infra/prod-like: its Node process exited with code ${code} (its own lines above say why)`,
            ),
          );
        try {
          resolve(JSON.parse(stdout) as T);
        } catch {
          reject(new Error(`infra/prod-like answered what is not JSON: ${stdout.slice(0, 200)}`));
        }
      });
    });
  const state = await ask<{ status: string }>(`
    import { status } from './infra/prod-like/index.mjs';
    const [engine] = await status(['prod-temporal']);
    process.stdout.write(JSON.stringify({ status: engine.status }));
  `);
  if (state.status !== 'stopped')
    throw new Error(
      `the production-like Temporal server is already ${state.status}: stop it first (node infra/prod-like/cli.mjs down prod-temporal), so that the run measures only its own load`,
    );
  log('starting the production-like Temporal server (PostgreSQL, mutual TLS; the first run builds it)…');
  const started = await ask<{
    pid: number;
    env: Record<string, string>;
    databases: string[];
    historyShards: number;
    adminUrl: string;
  }>(`
    import { serviceEnvironment, up } from './infra/prod-like/index.mjs';
    import { HISTORY_SHARDS, TEMPORAL_DB, TEMPORAL_VISIBILITY_DB } from './infra/prod-like/settings.mjs';
    import { ensurePostgres } from './infra/postgres.mjs';
    const [engine] = await up(['prod-temporal']);
    const env = Object.fromEntries(Object.entries(serviceEnvironment()).filter(([name]) => name.startsWith('TEMPORAL_')));
    process.stdout.write(JSON.stringify({
      pid: engine.pid, env,
      databases: [TEMPORAL_DB, TEMPORAL_VISIBILITY_DB], historyShards: HISTORY_SHARDS, adminUrl: ensurePostgres(),
    }));
  `);
  const stop = async () => {
    await ask(`
      import { down } from './infra/prod-like/index.mjs';
      await down(['prod-temporal']);
      process.stdout.write('{}');
    `);
  };
  if (!Number.isInteger(started.pid) || started.pid <= 0) {
    await stop();
    throw new Error(
      `the production-like Temporal server started without a pid to measure (${JSON.stringify(started.pid)})`,
    );
  }
  return {
    title: `Temporal server (PostgreSQL, ${started.historyShards} history shards, mutual TLS; infra/prod-like)`,
    pid: started.pid,
    env: started.env,
    storeBytes: async () => {
      const client = new Client({ connectionString: started.adminUrl });
      await client.connect();
      try {
        const { rows } = await client.query<{ bytes: string }>(
          'SELECT coalesce(sum(pg_database_size(datname)), 0)::text AS bytes FROM pg_database WHERE datname = ANY($1)',
          [started.databases],
        );
        return Number(rows[0]!.bytes);
      } finally {
        await client.end();
      }
    },
    stop,
  };
}
