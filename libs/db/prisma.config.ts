import path from 'node:path';
import type { PrismaConfig } from 'prisma-migrate';
import { sqliteWithShadow } from './prisma-shadow';

// Offline-friendly: the JavaScript schema engine with a driver adapter needs no downloaded binary.
// The CLI (migrate deploy/status/diff, generate) reads DATABASE_URL; the default is the embedded SQLite file.
// The shadow database (`migrate diff --from-migrations`) is an in-memory one: see prisma-shadow.ts.
const url = process.env.DATABASE_URL ?? `file:${path.join(__dirname, '../../.local/data/bishan.db')}`;

export default {
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join(__dirname, 'prisma/schema.prisma'),
  migrations: { path: path.join(__dirname, 'prisma/migrations') },
  adapter: async () => sqliteWithShadow(url),
} satisfies PrismaConfig;
