import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from '@prisma/client';

export type Database = PrismaClient;

/**
 * One client per process. SQLite runs in WAL mode with a busy timeout because four services share
 * the embedded database file and write to it concurrently.
 */
export async function createDatabase(databaseUrl: string): Promise<Database> {
  if (!databaseUrl.startsWith('file:')) {
    throw new Error(
      `DATABASE_URL ${redact(databaseUrl)}: only the embedded SQLite store (file:…) is wired so far`,
    );
  }
  const adapter = new PrismaBetterSQLite3({ url: databaseUrl, timeout: 10_000 });
  const db = new PrismaClient({ adapter });
  await db.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  await db.$queryRawUnsafe('PRAGMA synchronous = NORMAL');
  return db;
}

function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
