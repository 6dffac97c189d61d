import path from 'node:path';
import type { PrismaConfig } from 'prisma-migrate';
import pg from 'pg';
import { postgresWithShadow } from './prisma-shadow';

// The PostgreSQL twin of prisma.config.ts: the derived schema (prisma/postgres/schema.prisma, from
// scripts/derive-postgres-schema.mjs), its own migrations folder and the `pg` driver adapter.
// Offline-friendly for the same reason: the JavaScript schema engine needs no downloaded binary, so
// always pass `--config libs/db/prisma.postgres.config.ts` to the CLI.
// The CLI (migrate deploy/status/diff, generate) reads DATABASE_URL; migrate commands connect to it.
const connectionString = process.env.DATABASE_URL ?? 'postgresql://bishan:bishan@127.0.0.1:5432/bishan';

/**
 * Catalogue types the schema engine reads (`_prisma_migrations` checks, introspection) but that
 * @prisma/adapter-pg 6.19 cannot map to a column type: without this, every migrate command fails
 * with "Column type 'name' could not be deserialized from the database" (prisma/prisma#27403).
 * pg already returns their values as strings; reporting them as TEXT is all it takes.
 * Only the CLI uses this; the application's client (src/prisma-client.ts) reads its own tables.
 */
const CATALOGUE_TYPES_AS_TEXT = new Set([
  18, // "char"
  19, // name
  22, // int2vector
  24, // regproc
  30, // oidvector
  194, // pg_node_tree
  2205, // regclass
  2206, // regtype
]);
const TEXT = 25;
const NAME_ARRAY = 1003;
const TEXT_ARRAY = 1009;

function asText(result: unknown): void {
  for (const field of (result as Partial<pg.QueryResult> | undefined)?.fields ?? []) {
    if (CATALOGUE_TYPES_AS_TEXT.has(field.dataTypeID)) field.dataTypeID = TEXT;
    else if (field.dataTypeID === NAME_ARRAY) field.dataTypeID = TEXT_ARRAY;
  }
}

class CatalogueFriendlyClient extends pg.Client {
  // Covers both the promise form (the adapter) and the callback form (pg.Pool#query).
  override query(...args: unknown[]): never {
    const callback = args.at(-1);
    if (typeof callback === 'function') {
      args[args.length - 1] = (error: unknown, result: unknown) => {
        asText(result);
        (callback as (error: unknown, result: unknown) => void)(error, result);
      };
    }
    const returned = (super.query as (...a: unknown[]) => unknown)(...args);
    if (returned instanceof Promise)
      return returned.then((result: unknown) => (asText(result), result)) as never;
    return returned as never;
  }
}

/**
 * The WebAssembly schema engine arms a 10 s timer around PostgreSQL's migration advisory lock and
 * leaves it pending after the command is done, so every `migrate deploy` would sit idle for 10 s
 * before exiting (each test database pays it). This file is loaded into the CLI process only, so
 * long timers created there stop keeping it alive: they are timeouts, and whatever they guard (a
 * query on an open connection) keeps the process alive by itself.
 */
const setTimeoutAsCreated = globalThis.setTimeout;
globalThis.setTimeout = Object.assign((...args: Parameters<typeof setTimeout>) => {
  const timer = setTimeoutAsCreated(...args);
  if ((args[1] ?? 0) >= 10_000) timer.unref();
  return timer;
}, setTimeoutAsCreated);

export default {
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join(__dirname, 'prisma/postgres/schema.prisma'),
  migrations: { path: path.join(__dirname, 'prisma/postgres/migrations') },
  // The shadow database (`migrate diff --from-migrations`) is a temporary one: see prisma-shadow.ts.
  adapter: async () => postgresWithShadow(connectionString, CatalogueFriendlyClient),
} satisfies PrismaConfig;
