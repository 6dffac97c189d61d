import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

// The sandbox fence is a lint rule; this proves it bites, on a fixture that imports what it must not.
describe('workflow import rules', () => {
  const root = path.resolve(__dirname, '../..');
  const fixture = path.join(root, 'workflows/test/fixtures/forbidden-imports.ts');
  let messages: { line: number; ruleId: string | null; message: string }[];

  // The real CLI, as CI runs it; the fixture is ignored by the normal lint run, hence --no-ignore.
  beforeAll(async () => {
    const eslint = path.join(root, 'node_modules/.bin/eslint');
    const output = await promisify(execFile)(eslint, ['--no-ignore', '--format', 'json', fixture], { cwd: root }).then(
      ({ stdout }) => stdout,
      (failure: { stdout?: string }) => failure.stdout ?? '[]', // exit code 1 is the expected outcome
    );
    const [result] = JSON.parse(output) as { messages: typeof messages }[];
    messages = result?.messages ?? [];
  }, 120_000);

  const refusedLines = () =>
    new Set(messages.filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.line));

  it.each([
    [2, "Node built-in 'fs'"],
    [3, 'node:crypto'],
    [4, '@nestjs/common'],
    [5, '@prisma/client'],
    [6, 'kafkajs'],
    [7, '@temporalio/client'],
    [8, '@bishan/db (a data-access library)'],
  ])('refuses the import on line %i (%s)', (line) => {
    expect(refusedLines()).toContain(line);
  });

  it('allows @temporalio/workflow', () => {
    expect(refusedLines()).not.toContain(9);
  });

  it("refuses the contracts' root index (zod schemas) on line 10", () => {
    expect(refusedLines()).toContain(10);
  });
});
