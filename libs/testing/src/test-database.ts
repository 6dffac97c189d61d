import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { workspaceRoot } from '@bishan/config';

const run = promisify(execFile);

export interface TestDatabase {
  url: string;
  remove(): void;
}

/** A fresh SQLite file with every checked-in migration applied, as `npm start` would have it. */
export async function createTestDatabase(label = 'test'): Promise<TestDatabase> {
  const root = workspaceRoot();
  const dir = path.join(root, '.local/test-data');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${label}-${randomUUID()}.db`);
  const url = `file:${file}`;
  await run(process.execPath, [prismaCli(root), 'migrate', 'deploy', '--config', 'libs/db/prisma.config.ts'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url },
  });
  return {
    url,
    remove: () => {
      for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true });
    },
  };
}

function prismaCli(root: string): string {
  return path.join(root, 'node_modules/prisma/build/index.js');
}
