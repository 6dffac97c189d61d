import {
  findLikelyDuplicates,
  likelyDuplicateSearch,
  normaliseCaseText,
  type DuplicateCandidate,
  type DuplicateProbe,
} from '@bishan/domain';
import { createTestDatabase, type TestDatabase } from '@bishan/testing';
import { CaseLedgerRepository } from './case-ledger.repository';
import { createDatabase, type Database } from './prisma-client';

const DAY_MS = 86_400_000;
const AT = Date.parse('2026-03-10T02:00:00.000Z');

/** Every combination that decides a match, a few of each: the store must answer the domain's rule. */
function mixedCases(): (DuplicateCandidate & { status: string })[] {
  const cases: (DuplicateCandidate & { status: string })[] = [];
  const villages = ['dengfeng', 'sanxing'];
  const categories = ['路灯照明', '环境卫生'];
  const courtyards = [null, 'yard-1', 'yard-2'];
  const texts = ['路灯坏了，晚上看不见！', '路灯坏了 晚上看不见', '水管爆了'];
  const statuses = ['inLedger', 'claimed', 'closed'];
  const days = [-40, -30, -3, 0, 2, 30, 31];
  let n = 0;
  for (const villageId of villages)
    for (const category of categories)
      for (const courtyardId of courtyards)
        for (const description of texts)
          for (const status of statuses)
            for (const day of days) {
              n += 1;
              cases.push({
                caseId: `case-${String(n).padStart(4, '0')}`,
                category,
                villageId,
                courtyardId,
                description,
                // Distinct instants, not in id order: the store must sort by date itself.
                raisedAt: new Date(AT + day * DAY_MS + ((n * 7919) % 1000) * 1000),
                closed: status === 'closed',
                status,
              });
            }
  return cases;
}

describe('CaseLedgerRepository likely duplicates (real database)', () => {
  let testDb: TestDatabase;
  let db: Database;
  let ledger: CaseLedgerRepository;
  const cases = mixedCases();
  const row = (c: DuplicateCandidate & { status: string }) => ({
    id: c.caseId,
    category: c.category,
    description: c.description,
    complexity: 'simple',
    channel: 'meeting',
    townId: 'laifeng',
    villageId: c.villageId,
    courtyardId: c.courtyardId,
    status: c.status,
    policyVersion: '2025.1',
    raisedAt: c.raisedAt as Date,
    lastEventSeq: 1,
    view: '{}',
  });

  beforeAll(async () => {
    testDb = await createTestDatabase('likely-duplicates');
    db = await createDatabase(testDb.url);
    ledger = new CaseLedgerRepository(db);
    await db.case.createMany({
      data: cases.map((c) => ({ ...row(c), duplicateKey: normaliseCaseText(c.description) })),
    });
  }, 60_000);

  afterAll(async () => {
    await db?.$disconnect();
    testDb?.remove();
  });

  const probes: DuplicateProbe[] = [
    {
      category: '路灯照明',
      location: { villageId: 'dengfeng', courtyardId: 'yard-1' },
      description: '路灯坏了!!晚上看不见',
      raisedAt: AT,
    },
    {
      category: '路灯照明',
      location: { villageId: 'dengfeng' },
      description: '路灯坏了，晚上看不见！',
      raisedAt: AT,
    },
    {
      category: '环境卫生',
      location: { villageId: 'sanxing', courtyardId: 'yard-2' },
      description: '水管爆了。',
      raisedAt: AT,
    },
    {
      caseId: 'case-0004',
      category: '路灯照明',
      location: { villageId: 'dengfeng' },
      description: '路灯坏了，晚上看不见！',
      raisedAt: AT,
    },
  ];

  it.each(probes.map((probe, i) => [i, probe] as const))(
    'answers probe %i as the domain rule does: the earliest by name, all of them counted',
    async (_i, probe) => {
      const expected = findLikelyDuplicates(probe, cases);
      expect(expected.length).toBeGreaterThan(3);
      const search = likelyDuplicateSearch(probe);
      if (!search) throw new Error('the probe has comparable text');
      const found = await ledger.likelyDuplicates(search, 'all', 3);
      expect(found.total).toBe(expected.length);
      expect(found.earliest.map((c) => ({ caseId: c.id, raisedAt: c.raisedAt.toISOString() }))).toEqual(
        expected.slice(0, 3),
      );
    },
  );

  it('finds only what the reader may see', async () => {
    const search = likelyDuplicateSearch(probes[1]!);
    if (!search) throw new Error('the probe has comparable text');
    const elsewhere = await ledger.likelyDuplicates(search, [{ kind: 'village', villageId: 'sanxing' }], 10);
    expect(elsewhere).toEqual({ earliest: [], total: 0 });
    const own = await ledger.likelyDuplicates(search, [{ kind: 'village', villageId: 'dengfeng' }], 10);
    expect(own.total).toBe(findLikelyDuplicates(probes[1]!, cases).length);
  });

  it('fills the key of rows recorded before it existed, leaving their updatedAt as it was', async () => {
    const old = { ...cases[0]!, caseId: 'before-the-key', description: '  路灯坏了。晚上看不见 ' };
    const updatedAt = new Date('2026-01-01T00:00:00.000Z');
    await db.case.create({ data: { ...row(old), updatedAt } });
    expect(await ledger.withoutDuplicateKey(10)).toEqual([{ id: old.caseId, description: old.description }]);

    await ledger.fillDuplicateKeys([{ id: old.caseId, duplicateKey: normaliseCaseText(old.description) }]);
    // A key already written stays: a second filler (another replica) changes nothing.
    await ledger.fillDuplicateKeys([{ id: old.caseId, duplicateKey: 'something else' }]);

    const filled = await db.case.findUniqueOrThrow({ where: { id: old.caseId } });
    expect(filled.duplicateKey).toBe('路灯坏了晚上看不见');
    expect(filled.updatedAt).toEqual(updatedAt);
    expect(await ledger.withoutDuplicateKey(10)).toEqual([]);
  });
});
