import Database from 'better-sqlite3';
import { StatementCache, type SqliteStatement } from './prisma-client';

describe('StatementCache, each SQL text compiled once per connection', () => {
  let db: Database.Database;
  let compiled: string[];
  let cache: StatementCache;
  beforeEach(() => {
    db = new Database(':memory:');
    db.defaultSafeIntegers(true);
    db.exec('CREATE TABLE t (id TEXT PRIMARY KEY, n INTEGER NOT NULL)');
    compiled = [];
    cache = new StatementCache((sql) => {
      compiled.push(sql);
      return db.prepare(sql) as unknown as SqliteStatement;
    }, 3);
  });
  afterEach(() => db.close());

  const insert = 'INSERT INTO t (id, n) VALUES (?, ?)';
  const select = 'SELECT id, n FROM t WHERE n >= ? ORDER BY id';

  it('runs a text again with other parameters, the way the adapter binds and runs', () => {
    cache.get(insert).bind(['a', 1]).run();
    cache.get(insert).bind(['b', 2]).run();
    cache.get(insert).bind(['c', 3]).run();

    const reading = cache.get(select).bind([2]);
    expect(reading.reader).toBe(true);
    expect(reading.columns().map((c) => c.name)).toEqual(['id', 'n']);
    expect(reading.raw().all()).toEqual([
      ['b', 2n],
      ['c', 3n],
    ]);
    expect(cache.get(select).bind([3]).raw().all()).toEqual([['c', 3n]]);
    expect(compiled).toEqual([insert, select]);
  });

  it('runs a text without parameters, and reports a failed run as the driver does', () => {
    cache.get('BEGIN IMMEDIATE').run();
    cache.get(insert).bind(['a', 1]).run();
    expect(() => cache.get(insert).bind(['a', 2]).run()).toThrow(/UNIQUE constraint failed/);
    cache.get('ROLLBACK').run();
    expect(cache.get(select).bind([0]).raw().all()).toEqual([]);
  });

  it('keeps at most its capacity, dropping the text used least recently', () => {
    const texts = [1, 2, 3].map((n) => `SELECT ${n} AS n`);
    for (const text of texts) cache.get(text).bind([]).raw().all();
    cache
      .get(texts[0] ?? '')
      .bind([])
      .raw()
      .all(); // 1 is now the most recent
    cache.get('SELECT 4 AS n').bind([]).raw().all(); // drops 2
    expect(cache.size).toBe(3);
    cache.get(texts[0] ?? '');
    cache.get(texts[2] ?? '');
    cache.get(texts[1] ?? ''); // compiled again
    expect(compiled).toEqual([...texts, 'SELECT 4 AS n', texts[1]]);
  });
});
