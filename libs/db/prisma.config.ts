import path from 'node:path';
import type { PrismaConfig } from 'prisma';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';

// Offline-friendly: the JavaScript schema engine with a driver adapter needs no downloaded binary.
// The CLI (migrate deploy/status, generate) reads DATABASE_URL; the default is the embedded SQLite file.
const url = process.env.DATABASE_URL ?? `file:${path.join(__dirname, '../../.local/data/bishan.db')}`;

export default {
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join(__dirname, 'prisma/schema.prisma'),
  migrations: { path: path.join(__dirname, 'prisma/migrations') },
  adapter: async () => new PrismaBetterSQLite3({ url }),
} satisfies PrismaConfig;
