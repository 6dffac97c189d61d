// The database's schema and migrations, for both providers (libs/db/README.md):
//
//   npm run db:migrate                  applies every migration to DATABASE_URL (SQLite file:… or
//                                        postgresql://…; default: the embedded .local/data/bishan.db)
//   npm run db:migration -- <name>      after an edit of libs/db/prisma/schema.prisma: derives the
//                                        PostgreSQL schema and writes <UTC timestamp>_<name> into both
//                                        migrations folders, each the difference between what its
//                                        folder's migrations build and its schema
//   node infra/db.mjs drift [sqlite|postgres] [--schema <file>]
//                                        exits 1 and prints the difference when a migrations folder
//                                        does not build its schema (the drift tests run this)
//
// "What a folder's migrations build" is `prisma migrate diff --from-migrations`: the migrations are
// replayed into a shadow database (SQLite: in memory; PostgreSQL: a temporary database through the
// role of TEST_POSTGRES_URL, or of Debian's cluster, which `infra/postgres.mjs` starts) and compared
// with the schema, offline. So a new migration holds exactly what no migration holds yet.
// Plain Node; the migration CLI from node_modules (prisma-migrate: see infra/bootstrap.mjs).
import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrateDatabase, prismaMigrateCli } from './bootstrap.mjs';
import { LOCAL_DIR, REPO_ROOT, rel } from './engines/paths.mjs';
import { ensurePostgres } from './postgres.mjs';
import {
  TARGET as POSTGRES_SCHEMA,
  SOURCE as SQLITE_SCHEMA,
  derivePostgresSchema,
} from '../libs/db/scripts/derive-postgres-schema.mjs';

class DbError extends Error {}

const PROVIDERS = {
  sqlite: {
    name: 'SQLite',
    config: 'libs/db/prisma.config.ts',
    schema: SQLITE_SCHEMA,
    migrations: join(REPO_ROOT, 'libs/db/prisma/migrations'),
  },
  postgres: {
    name: 'PostgreSQL',
    config: 'libs/db/prisma.postgres.config.ts',
    schema: POSTGRES_SCHEMA,
    migrations: join(REPO_ROOT, 'libs/db/prisma/postgres/migrations'),
  },
};

/** The server a PostgreSQL shadow database is made on: TEST_POSTGRES_URL, else Debian's cluster. */
function postgresUrl() {
  if (process.env.TEST_POSTGRES_URL) return process.env.TEST_POSTGRES_URL;
  try {
    return ensurePostgres();
  } catch (error) {
    throw new DbError(
      `the PostgreSQL migration needs a server to replay its migrations on: set TEST_POSTGRES_URL ` +
        `(a role with CREATEDB) or make \`node infra/postgres.mjs\` work (${error.message})`,
    );
  }
}

/** Runs the Prisma CLI; resolves with its exit code and output. */
function prisma(args, env) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [prismaMigrateCli(), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', (error) => reject(new DbError(`the Prisma CLI could not start: ${error.message}`)));
    child.on('exit', (code) => resolvePromise({ code, output }));
  });
}

/**
 * The SQL that takes a database built by the provider's migrations to `schema` ('' when there is
 * none). Throws with the CLI's output when the migrations do not replay or the schema is invalid.
 */
export async function pendingMigrationSql(providerName, schema = PROVIDERS[providerName].schema) {
  const provider = PROVIDERS[providerName];
  const dir = mkdtempSync(join(tmpdir(), 'bishan-migration-'));
  const out = join(dir, 'migration.sql');
  try {
    const env =
      providerName === 'postgres' ? { DATABASE_URL: postgresUrl() } : { DATABASE_URL: 'file::memory:' };
    const { code, output } = await prisma(
      [
        'migrate',
        'diff',
        '--config',
        provider.config,
        '--from-migrations',
        provider.migrations,
        '--to-schema-datamodel',
        schema,
        '--script',
        '--exit-code',
        '--output',
        out,
      ],
      env,
    );
    if (code === 0) return '';
    if (code !== 2)
      throw new DbError(
        `${provider.name}: prisma migrate diff failed:\n${output.trim().split('\n').slice(-15).join('\n')}`,
      );
    return readFileSync(out, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function utcTimestamp(date = new Date()) {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** Writes <timestamp>_<name>/migration.sql into each folder whose schema has changes; returns what it wrote. */
export async function writeMigrations(name, { log = console.log } = {}) {
  if (!/^[a-z0-9]+(_[a-z0-9]+)*$/.test(name ?? ''))
    throw new DbError(
      'usage: npm run db:migration -- <name>   (lower case words joined by _, e.g. case_priority)',
    );
  writeFileSync(POSTGRES_SCHEMA, derivePostgresSchema(readFileSync(SQLITE_SCHEMA, 'utf8')));
  log(`derived ${rel(POSTGRES_SCHEMA)}`);
  const timestamp = utcTimestamp();
  const folder = `${timestamp}_${name}`;
  const scripts = {};
  for (const key of Object.keys(PROVIDERS)) {
    const latest = readdirSync(PROVIDERS[key].migrations)
      .filter((f) => /^\d{14}_/.test(f))
      .sort()
      .at(-1);
    if (latest && latest.slice(0, 14) >= timestamp)
      throw new DbError(
        `${rel(PROVIDERS[key].migrations)}/${latest} is not older than ${timestamp}: check the clock`,
      );
    log(
      `${PROVIDERS[key].name}: replaying ${rel(PROVIDERS[key].migrations)} and comparing with ${rel(PROVIDERS[key].schema)}…`,
    );
    scripts[key] = await pendingMigrationSql(key);
  }
  const written = [];
  for (const [key, sql] of Object.entries(scripts)) {
    if (!sql) {
      log(`${PROVIDERS[key].name}: the migrations already build the schema; nothing written`);
      continue;
    }
    const dir = join(PROVIDERS[key].migrations, folder);
    mkdirSync(dir);
    writeFileSync(join(dir, 'migration.sql'), sql);
    written.push(join(dir, 'migration.sql'));
    log(`${PROVIDERS[key].name}: wrote ${rel(join(dir, 'migration.sql'))}`);
  }
  return written;
}

/** Applies every migration to the database at `url` (SQLite or PostgreSQL). */
export async function migrate(url = process.env.DATABASE_URL) {
  let target = url;
  if (!target) {
    mkdirSync(join(LOCAL_DIR, 'data'), { recursive: true });
    target = `file:${resolve(LOCAL_DIR, 'data/bishan.db')}`;
  }
  if (!/^(file:|postgres(ql)?:\/\/)/.test(target))
    throw new DbError(
      'DATABASE_URL must be file:<path> (SQLite) or postgresql://user:password@host:port/database',
    );
  if (target.startsWith('file:') && !existsSync(resolve(REPO_ROOT, target.slice(5), '..')))
    throw new DbError(`DATABASE_URL: the folder of ${target.slice(5)} does not exist`);
  const shown = target.replace(/\/\/[^@/]*@/, '//***@');
  try {
    await migrateDatabase(target);
  } catch (error) {
    throw new DbError(`migrating ${shown} failed:\n${error.message}`);
  }
  return shown;
}

async function main([command, ...args]) {
  switch (command) {
    case 'migrate':
      console.log(`applied every migration to ${await migrate()}`);
      return;
    case 'migration':
      if ((await writeMigrations(args[0])).length === 0)
        console.log('nothing to migrate: both folders build their schema');
      return;
    case 'drift': {
      const schemaAt = args.indexOf('--schema');
      const schema = schemaAt >= 0 ? resolve(args[schemaAt + 1]) : undefined;
      const keys = args.filter((a, i) => a in PROVIDERS && args[i - 1] !== '--schema');
      let drifted = false;
      for (const key of keys.length > 0 ? keys : Object.keys(PROVIDERS)) {
        const sql = await pendingMigrationSql(key, schema);
        if (sql) {
          drifted = true;
          console.log(
            `${PROVIDERS[key].name}: ${rel(PROVIDERS[key].migrations)} does not build ${rel(schema ?? PROVIDERS[key].schema)}; missing:\n${sql}`,
          );
        } else console.log(`${PROVIDERS[key].name}: no drift`);
      }
      if (drifted) {
        console.log('write the missing migration with `npm run db:migration -- <name>` (libs/db/README.md)');
        process.exitCode = 1;
      }
      return;
    }
    default:
      throw new DbError(
        'usage: node infra/db.mjs migrate | migration <name> | drift [sqlite|postgres] [--schema <file>]',
      );
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    await main(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof DbError)) throw error;
    console.error(error.message);
    process.exitCode = 1;
  }
}
