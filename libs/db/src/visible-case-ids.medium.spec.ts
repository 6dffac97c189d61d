import { createTestDatabase, type TestDatabase } from '@bishan/testing';
import { visibleCaseIds } from './case-ledger.repository';
import { createDatabase, type Database } from './prisma-client';

describe('visibleCaseIds (real database)', () => {
  let testDb: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    testDb = await createTestDatabase('visible-case-ids');
    db = await createDatabase(testDb.url);
    const row = (id: string, villageId: string) => ({
      id,
      category: '道路保洁',
      description: 'x',
      complexity: 'simple',
      channel: 'meeting',
      townId: 'laifeng',
      villageId,
      status: 'inLedger',
      policyVersion: '2025.1',
      raisedAt: new Date('2026-12-01T00:00:00Z'),
      lastEventSeq: 1,
      view: '{}',
    });
    await db.case.createMany({ data: [row('in-dengfeng', 'dengfeng'), row('in-sanxing', 'sanxing')] });
  }, 60_000);

  afterAll(async () => {
    await db?.$disconnect();
    testDb?.remove();
  });

  it('answers for thousands of ids, as a district leader’s KPIs ask, more than one statement may carry', async () => {
    const ids = [...Array.from({ length: 40_000 }, (_, i) => `seed-${i}`), 'in-dengfeng', 'in-sanxing'];
    const visible = await visibleCaseIds(db, ids, [{ kind: 'village', villageId: 'dengfeng' }]);
    expect([...visible]).toEqual(['in-dengfeng']);
  });
});
