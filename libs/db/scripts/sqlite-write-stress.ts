/**
 * Write-contention stress for the embedded SQLite store: several processes, each running several
 * concurrent read-then-write transactions against one database file, the way the four services do
 * (ProcessedEventRepository.applyOnce with an effect, IdempotencyRepository.claim).
 *
 *   node node_modules/.bin/jiti libs/db/scripts/sqlite-write-stress.ts [--processes 4] [--concurrency 8] [--operations 150]
 *
 * Prints, per run, the operations that succeeded and failed (grouped by Prisma code / message) and
 * the throughput; exits 1 when any operation failed. The database is a fresh migrated file under
 * .local/stress/, removed afterwards.
 */
import { execFileSync, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createDatabase } from '../src/prisma-client';
import { IdempotencyRepository } from '../src/idempotency.repository';
import { ProcessedEventRepository } from '../src/processed-event.repository';

interface WorkerResult {
  succeeded: number;
  failures: Record<string, number>;
  elapsedMs: number;
}

const root = path.resolve(__dirname, '../../..');

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name}: a positive integer`);
  return value;
}

function failureKey(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message.split('\n').filter(Boolean).pop() ?? '' : String(error);
  return `${typeof code === 'string' ? code : 'no-code'} ${message.slice(0, 120)}`;
}

/** One process: `concurrency` loops sharing `operations` read-then-write transactions. */
async function runWorker(url: string, concurrency: number, operations: number, label: string): Promise<WorkerResult> {
  const db = await createDatabase(url);
  const processed = new ProcessedEventRepository(db);
  const idempotency = new IdempotencyRepository(db);
  const failures: Record<string, number> = {};
  let succeeded = 0;
  let next = 0;
  const started = Date.now();
  const loop = async () => {
    while (next < operations) {
      const index = next++;
      try {
        if (index % 2 === 0) {
          // A consumer applying an event: dedup row read, effect read + write, dedup row written.
          await processed.applyOnce(`stress-${label}`, `event-${index}`, async (tx) => {
            await tx.idempotencyRecord.count({ where: { scope: 'stress' } });
            await tx.idempotencyRecord.create({
              data: { scope: 'stress', key: `${label}-${index}`, requestHash: 'h', status: 200, responseBody: '{}', createdAt: new Date() },
            });
          });
        } else {
          const claim = await idempotency.claim(`stress ${label}`, `key-${index}`, 'hash');
          if (claim.outcome !== 'claimed') throw new Error(`unexpected claim outcome ${claim.outcome}`);
        }
        succeeded += 1;
      } catch (error) {
        const key = failureKey(error);
        failures[key] = (failures[key] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  const elapsedMs = Date.now() - started;
  await db.$disconnect();
  return { succeeded, failures, elapsedMs };
}

async function main(): Promise<void> {
  const workerArgs = process.env['SQLITE_STRESS_WORKER'];
  if (workerArgs) {
    const { url, concurrency, operations, label } = JSON.parse(workerArgs) as {
      url: string;
      concurrency: number;
      operations: number;
      label: string;
    };
    const result = await runWorker(url, concurrency, operations, label);
    process.send?.(result);
    return;
  }

  const processes = option('processes', 4);
  const concurrency = option('concurrency', 8);
  const operations = option('operations', 150);
  const dir = path.join(root, '.local/stress');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `stress-${randomUUID()}.db`);
  const url = `file:${file}`;
  execFileSync(process.execPath, [path.join(root, 'node_modules/prisma-migrate/build/index.js'), 'migrate', 'deploy', '--config', 'libs/db/prisma.config.ts'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url },
    stdio: 'pipe',
  });

  const started = Date.now();
  const results = await Promise.all(
    Array.from({ length: processes }, (_, i) => {
      // Each worker runs this same file through the TypeScript runner the script documents.
      const child = fork(path.join(root, 'node_modules/.bin/jiti'), [__filename], {
        env: { ...process.env, SQLITE_STRESS_WORKER: JSON.stringify({ url, concurrency, operations, label: `p${i}` }) },
      });
      return new Promise<WorkerResult>((resolve, reject) => {
        child.once('message', (message) => resolve(message as WorkerResult));
        // 'close' comes after the IPC channel has delivered everything, unlike 'exit'.
        child.once('close', (code) => reject(new Error(`worker p${i} exited with ${code} before reporting`)));
      });
    }),
  ).finally(() => {
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true });
  });
  const wallMs = Date.now() - started;

  const total = processes * operations;
  const succeeded = results.reduce((sum, r) => sum + r.succeeded, 0);
  const failures: Record<string, number> = {};
  for (const r of results) for (const [k, n] of Object.entries(r.failures)) failures[k] = (failures[k] ?? 0) + n;
  const failed = total - succeeded;
  console.log(
    `${processes} processes x ${concurrency} concurrent, ${total} transactions: ${succeeded} succeeded, ${failed} failed, ` +
      `${((succeeded * 1000) / wallMs).toFixed(1)} successful tx/s over ${(wallMs / 1000).toFixed(1)} s wall`,
  );
  for (const [k, n] of Object.entries(failures).sort((a, b) => b[1] - a[1])) console.log(`  ${n} x ${k}`);
  process.exitCode = failed > 0 ? 1 : 0;
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 2;
});
