import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { PrismaConfig } from 'prisma-migrate';
import { PrismaBetterSQLite3 } from 'prisma-migrate-adapter-better-sqlite3';
import { PrismaPg } from 'prisma-migrate-adapter-pg';

/** What the migration CLI's config hands it: a driver adapter factory with a shadow database. */
type SqlMigrationAwareDriverAdapterFactory = Awaited<ReturnType<Extract<PrismaConfig, { engine: 'js' }>['adapter']>>;
type SqlDriverAdapter = Awaited<ReturnType<SqlMigrationAwareDriverAdapterFactory['connectToShadowDb']>>;

// Driver adapters for the migration CLI (prisma.config.ts, prisma.postgres.config.ts) whose shadow
// database works, so that `prisma migrate diff --from-migrations` (what `npm run db:migration` and the
// migration drift tests use) can replay a migrations folder offline. Prisma 6.19's own adapters fall
// short there: better-sqlite3 replays each migration through executeRaw, which runs one statement
// only (P3006 on the first migration), and adapter-pg names its shadow database in a `database`
// option that the connection string then overrides, so it replays into the main database.

/** One shadow connection's method replaced; everything else answered by the adapter itself. */
function withMethod<K extends keyof SqlDriverAdapter>(
  adapter: SqlDriverAdapter,
  key: K,
  method: SqlDriverAdapter[K],
): SqlDriverAdapter {
  return new Proxy(adapter, {
    get(target, property) {
      if (property === key) return method;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** SQLite: the shadow database in memory; a migration without parameters runs as a script. */
export function sqliteWithShadow(url: string): SqlMigrationAwareDriverAdapterFactory {
  const factory = new PrismaBetterSQLite3({ url });
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: () => factory.connect(),
    async connectToShadowDb() {
      const shadow = await factory.connectToShadowDb();
      return withMethod(shadow, 'executeRaw', async (query) => {
        if (query.args.length > 0) return shadow.executeRaw(query);
        await shadow.executeScript(query.sql);
        return 0;
      });
    },
  };
}

/**
 * PostgreSQL: a pool through `Client` (the CLI's catalogue workaround); the shadow database is a
 * fresh `prisma_shadow_<random>` created through the same role (CREATEDB) and dropped when the CLI
 * lets go of it.
 */
export function postgresWithShadow(
  connectionString: string,
  Client: typeof pg.Client,
): SqlMigrationAwareDriverAdapterFactory {
  const factoryFor = (url: string, disposeExternalPool = false) =>
    new PrismaPg(
      new pg.Pool({ connectionString: url, Client, idleTimeoutMillis: 200, allowExitOnIdle: true }),
      { disposeExternalPool },
    );
  const factory = factoryFor(connectionString);
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: () => factory.connect(),
    async connectToShadowDb() {
      const name = `prisma_shadow_${randomUUID().replace(/-/g, '')}`;
      const admin = new pg.Client({ connectionString });
      await admin.connect();
      await admin.query(`CREATE DATABASE "${name}"`);
      const url = new URL(connectionString);
      url.pathname = `/${name}`;
      const shadow = await factoryFor(url.toString(), true).connect();
      return withMethod(shadow, 'dispose', async () => {
        try {
          await shadow.dispose();
          await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        } finally {
          await admin.end();
        }
      });
    },
  };
}
