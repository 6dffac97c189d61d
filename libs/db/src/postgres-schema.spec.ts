import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

// prisma/postgres/schema.prisma is derived from prisma/schema.prisma, the one schema people edit.
// Re-derive it in memory and compare, so a schema change without the derived copy fails here.
describe('the derived PostgreSQL schema', () => {
  const libRoot = path.join(__dirname, '..');

  it('is up to date with prisma/schema.prisma', () => {
    const derived = execFileSync(
      process.execPath,
      [path.join(libRoot, 'scripts/derive-postgres-schema.mjs'), '--stdout'],
      {
        encoding: 'utf8',
      },
    );
    const checkedIn = readFileSync(path.join(libRoot, 'prisma/postgres/schema.prisma'), 'utf8');
    if (derived !== checkedIn) {
      throw new Error(
        'libs/db/prisma/postgres/schema.prisma is stale: run `node libs/db/scripts/derive-postgres-schema.mjs` (see libs/db/README.md)',
      );
    }
    expect(checkedIn).toContain('provider = "postgresql"');
  });
});
