import { execFile, execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { workspaceRoot } from '@bishan/config';

const run = promisify(execFile);

export interface TestDatabase {
  url: string;
  remove(): void;
}

/**
 * A fresh database with every checked-in migration applied, as `npm start` would have it: a SQLite
 * file by default; with `TEST_DATABASE=postgres`, a new PostgreSQL database `test_<random>` created
 * through TEST_POSTGRES_URL (a role with CREATEDB, e.g. postgresql://bishan:bishan@127.0.0.1:5432/postgres,
 * which `node infra/postgres.mjs` sets up and prints). `{ provider: 'sqlite' }` pins SQLite for
 * suites that rely on SQLite's own SQL; `{ provider: 'postgres' }` pins PostgreSQL for suites about
 * PostgreSQL's own guarantees (they need TEST_POSTGRES_URL, whatever TEST_DATABASE says).
 */
export async function createTestDatabase(label = 'test', options: { provider?: 'sqlite' | 'postgres' } = {}): Promise<TestDatabase> {
  const postgres = options.provider === 'postgres' || (process.env['TEST_DATABASE'] === 'postgres' && options.provider !== 'sqlite');
  return postgres ? createPostgresDatabase() : createSqliteDatabase(label);
}

async function createSqliteDatabase(label: string): Promise<TestDatabase> {
  const root = workspaceRoot();
  const dir = path.join(root, '.local/test-data');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${label}-${randomUUID()}.db`);
  const url = `file:${file}`;
  await migrate(url, 'libs/db/prisma.config.ts');
  return {
    url,
    remove: () => {
      for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true });
    },
  };
}

async function createPostgresDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env['TEST_POSTGRES_URL'];
  if (!adminUrl) throw new Error('TEST_DATABASE=postgres needs TEST_POSTGRES_URL (run `node infra/postgres.mjs` for one)');
  const name = `test_${randomUUID().replace(/-/g, '')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  await migrate(url.toString(), 'libs/db/prisma.postgres.config.ts');
  return {
    url: url.toString(),
    // Synchronous, like the SQLite removal that suites call without awaiting: a short child process
    // drops the database, FORCE closing whatever connections the stopped services left behind. An
    // autovacuum worker busy in the database is not ours to terminate (42501, "must be a member of
    // the role whose process is being terminated"), and one may still be counted as a user (55006):
    // both end on their own, so the drop is tried again for a few seconds.
    remove: () => {
      execFileSync(
        process.execPath,
        [
          '-e',
          `const { Client } = require('pg');
           const drop = async (attempt) => {
             const c = new Client({ connectionString: process.env.ADMIN_URL });
             await c.connect();
             try {
               await c.query('DROP DATABASE IF EXISTS "' + process.env.DB_NAME + '" WITH (FORCE)');
             } catch (error) {
               if (attempt >= 25 || !['42501', '55006'].includes(error.code)) throw error;
               await new Promise((resolve) => setTimeout(resolve, 200));
               return drop(attempt + 1);
             } finally {
               await c.end();
             }
           };
           drop(1).catch((error) => { console.error(error); process.exit(1); });`,
        ],
        { cwd: workspaceRoot(), env: { ...process.env, ADMIN_URL: adminUrl, DB_NAME: name }, stdio: 'pipe' },
      );
    },
  };
}

async function migrate(url: string, config: string): Promise<void> {
  const root = workspaceRoot();
  await run(process.execPath, [prismaMigrateCli(root), 'migrate', 'deploy', '--config', config], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url },
  });
}

/** The migration CLI (Prisma 6.19 as `prisma-migrate`; infra/bootstrap.mjs says why). */
function prismaMigrateCli(root: string): string {
  return path.join(root, 'node_modules/prisma-migrate/build/index.js');
}
