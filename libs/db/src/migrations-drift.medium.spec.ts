import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// Each migrations folder must build its schema exactly: `infra/db.mjs drift` replays the folder into
// a fresh shadow database and diffs it with the schema (libs/db/README.md). PostgreSQL runs when a
// server is given, as the e2e pass against PostgreSQL does (npm test sets TEST_POSTGRES_URL then).
const root = path.join(__dirname, '../../..');

function drift(...args: string[]): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [path.join(root, 'infra/db.mjs'), 'drift', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: process.env,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const providers = ['sqlite', ...(process.env['TEST_POSTGRES_URL'] ? ['postgres'] : [])];

describe.each(providers)('the %s migrations folder', (provider) => {
  it('builds its schema with no difference', () => {
    const { status, output } = drift(provider);
    if (status !== 0) throw new Error(output);
    expect(output).toContain('no drift');
  }, 120_000);
});

describe('a schema edit without its migration', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(path.join(tmpdir(), 'bishan-drift-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is reported as drift, with the missing SQL', () => {
    const schema = readFileSync(path.join(root, 'libs/db/prisma/schema.prisma'), 'utf8');
    const edited = `${schema}\nmodel DriftProbe {\n  id String @id\n}\n`;
    writeFileSync(path.join(dir, 'schema.prisma'), edited);

    const { status, output } = drift('sqlite', '--schema', path.join(dir, 'schema.prisma'));

    expect(status).toBe(1);
    expect(output).toContain('CREATE TABLE "DriftProbe"');
  }, 120_000);
});
