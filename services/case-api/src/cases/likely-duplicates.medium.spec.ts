import { Logger } from '@nestjs/common';
import { createDatabase, type Database } from '@bishan/db';
import { createTestDatabase, waitFor, type TestDatabase } from '@bishan/testing';
import { LikelyDuplicates } from './likely-duplicates';
import type { VisibleCases } from './visible-cases';

describe('LikelyDuplicates on start (real database)', () => {
  let testDb: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    testDb = await createTestDatabase('likely-duplicates-start');
    db = await createDatabase(testDb.url);
  }, 60_000);

  afterAll(async () => {
    await db?.$disconnect();
    testDb?.remove();
  });

  it('gives every case recorded before rows carried a duplicate key its key, batch after batch, and finds them then', async () => {
    const raisedAt = new Date();
    await db.case.createMany({
      data: Array.from({ length: 1_203 }, (_, i) => ({
        id: `old-${String(i).padStart(4, '0')}`,
        category: '道路市容',
        description: i % 2 ? '村口路灯坏了，晚上看不见！' : `别的问题 ${i}`,
        complexity: 'general',
        channel: 'meeting',
        townId: 'laifeng',
        villageId: 'dengfeng',
        status: 'inLedger',
        policyVersion: '2025.1',
        raisedAt: new Date(raisedAt.getTime() - i * 1000),
        lastEventSeq: 1,
        view: '{}',
      })),
    });
    const progress = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    const visible = { visibilityFor: () => 'all' } as unknown as VisibleCases;
    const duplicates = new LikelyDuplicates(db, visible);
    const probe = {
      category: '道路市容',
      location: { villageId: 'dengfeng' },
      description: '村口路灯坏了 晚上看不见',
      raisedAt,
    };
    const reader = { id: 'admin-1', role: 'admin' } as const;
    expect((await duplicates.of(probe, reader)).total).toBe(0);

    duplicates.onApplicationBootstrap();
    await waitFor(async () => (await db.case.count({ where: { duplicateKey: null } })) === 0 || undefined, {
      description: 'every old row with its key',
    });
    const found = await duplicates.of(probe, reader);
    expect(found.total).toBe(601);
    expect(found.named.map((d) => d.caseId)).toEqual(
      Array.from({ length: 10 }, (_, i) => `old-${String(1_201 - 2 * i).padStart(4, '0')}`),
    );
    await waitFor(async () => progress.mock.calls.find(([line]) => String(line).includes('1203')), {
      description: 'the last batch logged',
    });
    expect(progress.mock.calls.map(([line]) => String(line))).toEqual([
      expect.stringContaining('500'),
      expect.stringContaining('1000'),
      expect.stringContaining('1203'),
    ]);
  });
});
