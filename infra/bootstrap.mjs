// What both `npm start` and `npm test` do first: make sure dependencies and the generated Prisma
// client match the checked-in lockfile and schema, installing only what is missing or stale.
// Plain Node with no dependencies, because it runs before `npm ci`.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './engines/paths.mjs';

const STAMP = join(REPO_ROOT, 'node_modules', '.bishan-install-stamp');
// One generated client per provider: the SQLite schema people edit, and the PostgreSQL schema derived
// from it (libs/db/scripts/derive-postgres-schema.mjs), generated to its own output.
const CLIENTS = [
  {
    name: 'SQLite',
    config: 'libs/db/prisma.config.ts',
    schema: join(REPO_ROOT, 'libs/db/prisma/schema.prisma'),
    generated: join(REPO_ROOT, 'node_modules/.prisma/client/index.js'),
  },
  {
    name: 'PostgreSQL',
    config: 'libs/db/prisma.postgres.config.ts',
    schema: join(REPO_ROOT, 'libs/db/prisma/postgres/schema.prisma'),
    generated: join(REPO_ROOT, 'node_modules/.prisma/client-postgres/index.js'),
  },
];

/** Runs a command with inherited output; rejects with a one-line error naming it. */
export function run(command, args, { env = process.env, cwd = REPO_ROOT, quiet = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let output = '';
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
    child.on('error', (error) => reject(new Error(`${command} could not start: ${error.message}`)));
    child.on('exit', (code, signal) => {
      if (code === 0) resolve(output);
      else reject(new Error(`${[command, ...args].join(' ')} failed (${signal ?? `exit ${code}`})${quiet ? `\n${output.slice(-4000)}` : ''}`));
    });
  });
}

// The lockfile and the Node ABI the native addons (better-sqlite3) were compiled for: a switch of
// Node's major version reinstalls, so nothing runs against an addon built for another Node.
function lockHash() {
  return `${createHash('sha256').update(readFileSync(join(REPO_ROOT, 'package-lock.json'))).digest('hex')} node-abi-${process.versions.modules}`;
}

export async function ensureDependencies(log = (line) => console.log(line)) {
  const wanted = lockHash();
  const installed = existsSync(STAMP) ? readFileSync(STAMP, 'utf8').trim() : '';
  if (installed !== wanted) {
    log('installing npm dependencies from package-lock.json (npm ci; the first run compiles better-sqlite3)…');
    await run('npm', ['ci', '--no-audit', '--no-fund']);
    writeFileSync(STAMP, wanted);
  }
  for (const client of CLIENTS) {
    if (!existsSync(client.generated) || statSync(client.generated).mtimeMs < statSync(client.schema).mtimeMs) {
      log(`generating the Prisma client (${client.name})…`);
      await run(process.execPath, [prismaCli(), 'generate', '--config', client.config], { quiet: true });
    }
  }
}

/** The Prisma config for a database URL: PostgreSQL for postgres(ql)://, the embedded SQLite otherwise. */
export function prismaConfigFor(databaseUrl) {
  return /^postgres(ql)?:\/\//.test(databaseUrl) ? 'libs/db/prisma.postgres.config.ts' : 'libs/db/prisma.config.ts';
}

export function prismaCli() {
  return join(REPO_ROOT, 'node_modules/prisma/build/index.js');
}

/** Applies every checked-in migration to the database the services will use. */
export async function migrateDatabase(databaseUrl) {
  await run(process.execPath, [prismaCli(), 'migrate', 'deploy', '--config', prismaConfigFor(databaseUrl)], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    quiet: true,
  });
}
