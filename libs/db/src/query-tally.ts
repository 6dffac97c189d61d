import { writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * How many statements a service sends, by shape, over a benchmark phase: the bench's
 * `--count-queries` sets SERVICE_QUERY_TALLY_DIR for the services it starts, and marks the phase with
 * two SIGWINCH (as it does for the CPU profiles). Statements are a count that does not depend on how
 * busy the machine is, unlike the CPU they cost. Without the variable (always, outside the bench)
 * the client is built without query events and nothing listens.
 */
export const QUERY_TALLY_DIR = 'SERVICE_QUERY_TALLY_DIR';

/** The client option that makes Prisma emit an event per statement, when a tally is asked for. */
export function queryTallyLogOption(): { log?: { emit: 'event'; level: 'query' }[] } {
  return process.env[QUERY_TALLY_DIR] ? { log: [{ emit: 'event', level: 'query' }] } : {};
}

/**
 * What the tally file holds: the phase's statements in all, and by shape, most frequent first, with
 * the milliseconds Prisma measured for them (the driver's time, the database's work included).
 */
export interface QueryTally {
  service: string;
  pid: number;
  statements: number;
  ms: number;
  byShape: { shape: string; count: number; ms: number }[];
}

interface QueryEvents {
  $on(event: 'query', listener: (event: { query: string; duration?: number }) => void): void;
}

/**
 * Counts the client's statements between the first SIGWINCH and the second, and writes
 * `<dir>/<service>-<pid>.json` at the second (and again at every second mark after that).
 */
export function tallyQueriesBetweenMarks(client: unknown): void {
  const dir = process.env[QUERY_TALLY_DIR];
  if (!dir) return;
  const service = process.env['SERVICE_CPU_PROFILE_NAME'] ?? path.basename(process.argv[1] ?? 'node');
  const counts = new Map<string, { count: number; ms: number }>();
  let counting = false;
  (client as QueryEvents).$on('query', ({ query, duration }) => {
    if (!counting) return;
    const shape = shapeOf(query);
    const tally = counts.get(shape) ?? { count: 0, ms: 0 };
    tally.count += 1;
    tally.ms += Number.isFinite(duration) ? Number(duration) : 0;
    counts.set(shape, tally);
  });
  process.on('SIGWINCH', () => {
    counting = !counting;
    if (counting) return counts.clear();
    const byShape = [...counts]
      .map(([shape, { count, ms }]) => ({ shape, count, ms: Math.round(ms * 10) / 10 }))
      .sort((a, b) => b.count - a.count);
    const tally: QueryTally = {
      service,
      pid: process.pid,
      statements: byShape.reduce((sum, { count }) => sum + count, 0),
      ms: Math.round(byShape.reduce((sum, { ms }) => sum + ms, 0) * 10) / 10,
      byShape,
    };
    writeFileSync(path.join(dir, `${service}-${process.pid}.json`), JSON.stringify(tally, null, 1));
  });
}

/**
 * A statement's shape: its start (verb and table) and its condition, without the column lists that
 * make every SELECT of a table look alike at the start and differ only in length.
 */
export function shapeOf(query: string): string {
  const flat = query.replace(/\s+/g, ' ').trim();
  const where = flat.indexOf(' WHERE ');
  return where < 0 ? flat.slice(0, 100) : `${flat.slice(0, 60)} …${flat.slice(where, where + 160)}`;
}
