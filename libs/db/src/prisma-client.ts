import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@prisma/client';
// Generated from prisma/postgres/schema.prisma (derived from prisma/schema.prisma) to its own
// output, so that it does not overwrite the SQLite client behind @prisma/client.
import { PrismaClient as PostgresPrismaClient } from '.prisma/client-postgres';

export type Database = PrismaClient;

/**
 * One client per process. `file:` URLs open the embedded SQLite store; `postgres://` and
 * `postgresql://` URLs open PostgreSQL through the `pg` driver adapter.
 */
export async function createDatabase(databaseUrl: string): Promise<Database> {
  if (databaseUrl.startsWith('file:')) return createSqlite(databaseUrl);
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return createPostgres(databaseUrl);
  throw new Error(
    `DATABASE_URL ${redact(databaseUrl)}: expected file:… (SQLite) or postgresql://… (PostgreSQL)`,
  );
}

/**
 * SQLite runs in WAL mode with a busy timeout because four services share the embedded database
 * file and write to it concurrently.
 */
async function createSqlite(databaseUrl: string): Promise<Database> {
  const adapter = new PrismaBetterSQLite3({ url: databaseUrl, timeout: 10_000 });
  const db = new PrismaClient({ adapter });
  await db.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  await db.$queryRawUnsafe('PRAGMA synchronous = NORMAL');
  return db;
}

async function createPostgres(databaseUrl: string): Promise<Database> {
  const db = new PostgresPrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
  await db.$connect();
  // Both clients come from the same models (the PostgreSQL schema is derived from the SQLite one),
  // so their APIs are identical; only the generated types are nominally distinct.
  return db as unknown as Database;
}

function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
