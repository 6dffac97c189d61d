import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  QUERY_TALLY_DIR,
  queryTallyLogOption,
  shapeOf,
  tallyQueriesBetweenMarks,
  type QueryTally,
} from './query-tally';

describe('counting a service’s statements over a bench phase', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'query-tally-'));
  });
  afterEach(() => {
    delete process.env[QUERY_TALLY_DIR];
    process.removeAllListeners('SIGWINCH');
    rmSync(dir, { recursive: true, force: true });
  });

  it('asks Prisma for query events only when a tally is asked for', () => {
    expect(queryTallyLogOption()).toEqual({});
    process.env[QUERY_TALLY_DIR] = dir;
    expect(queryTallyLogOption()).toEqual({ log: [{ emit: 'event', level: 'query' }] });
  });

  it('counts by shape between the two marks only, with the time Prisma measured, and writes the count at the second', () => {
    process.env[QUERY_TALLY_DIR] = dir;
    let listener: (event: { query: string; duration?: number }) => void = () => undefined;
    tallyQueriesBetweenMarks({ $on: (_event: 'query', l: typeof listener) => (listener = l) });
    const byId = (id: string) =>
      `SELECT \`Case\`.\`id\`, \`Case\`.\`status\` FROM \`Case\` WHERE \`Case\`.\`id\` = ${id}`;

    listener({ query: byId('?'), duration: 50 }); // before the phase
    process.emit('SIGWINCH');
    listener({ query: byId('?'), duration: 1.5 });
    listener({ query: byId('?'), duration: 2 });
    listener({ query: 'COMMIT' });
    process.emit('SIGWINCH');
    listener({ query: 'COMMIT', duration: 50 }); // after it

    const [file] = readdirSync(dir);
    const tally = JSON.parse(readFileSync(path.join(dir, file ?? ''), 'utf8')) as QueryTally;
    expect(tally.statements).toBe(3);
    expect(tally.ms).toBe(3.5);
    expect(tally.byShape).toEqual([
      { shape: shapeOf(byId('?')), count: 2, ms: 3.5 },
      { shape: 'COMMIT', count: 1, ms: 0 },
    ]);
  });

  it('keeps a statement’s verb, table and condition, not its column list', () => {
    const shape = shapeOf(
      `SELECT ${Array.from({ length: 30 }, (_, i) => `\`c${i}\``).join(', ')} FROM \`Case\`\n  WHERE \`Case\`.\`id\` = ? LIMIT ?`,
    );
    expect(shape.startsWith('SELECT `c0`, `c1`')).toBe(true);
    expect(shape.endsWith('… WHERE `Case`.`id` = ? LIMIT ?')).toBe(true);
    expect(shape.length).toBeLessThan(120);
  });
});
