// What both `npm start` and `npm test` do first: make sure dependencies and the generated Prisma
// client match the checked-in lockfile and schema, installing only what is missing or stale.
// Plain Node with no dependencies, because it runs before `npm ci`.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './engines/paths.mjs';

const STAMP = join(REPO_ROOT, 'node_modules', '.bishan-install-stamp');
const SCHEMA = join(REPO_ROOT, 'libs/db/prisma/schema.prisma');
const GENERATED_CLIENT = join(REPO_ROOT, 'node_modules/.prisma/client/index.js');

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

function lockHash() {
  return createHash('sha256').update(readFileSync(join(REPO_ROOT, 'package-lock.json'))).digest('hex');
}

export async function ensureDependencies(log = (line) => console.log(line)) {
  const wanted = lockHash();
  const installed = existsSync(STAMP) ? readFileSync(STAMP, 'utf8').trim() : '';
  if (installed !== wanted) {
    log('installing npm dependencies from package-lock.json (npm ci; the first run compiles better-sqlite3)…');
    await run('npm', ['ci', '--no-audit', '--no-fund']);
    writeFileSync(STAMP, wanted);
  }
  if (!existsSync(GENERATED_CLIENT) || statSync(GENERATED_CLIENT).mtimeMs < statSync(SCHEMA).mtimeMs) {
    log('generating the Prisma client…');
    await run(process.execPath, [prismaCli(), 'generate', '--config', 'libs/db/prisma.config.ts'], { quiet: true });
  }
}

export function prismaCli() {
  return join(REPO_ROOT, 'node_modules/prisma/build/index.js');
}

/** Applies every checked-in migration to the database the services will use. */
export async function migrateDatabase(databaseUrl) {
  await run(process.execPath, [prismaCli(), 'migrate', 'deploy', '--config', 'libs/db/prisma.config.ts'], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    quiet: true,
  });
}
