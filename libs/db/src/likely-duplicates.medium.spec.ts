import {
  describeCase,
  findLikelyDuplicates,
  initialState,
  likelyDuplicateSearch,
  normaliseCaseText,
  type CaseCommand,
  type CaseState,
  type CaseView,
  type DuplicateCandidate,
  type DuplicateProbe,
} from '@bishan/domain';
import { createTestDatabase, type TestDatabase } from '@bishan/testing';
import { T0, actors, raiseCommand, run } from '../../domain/src/test-support/org-fixture';
import { CaseLedgerRepository } from './case-ledger.repository';
import { CaseRepository } from './case.repository';
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
      data: cases.map((c) => ({
        ...row(c),
        duplicateKey: c.closed ? null : normaliseCaseText(c.description),
      })),
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

  it('fills the key of open rows recorded before it existed, leaving their updatedAt as it was', async () => {
    const old = { ...cases[0]!, caseId: 'before-the-key', description: '  路灯坏了。晚上看不见 ' };
    const oldClosed = { ...old, caseId: 'closed-before-the-key', status: 'closed', closed: true };
    const updatedAt = new Date('2026-01-01T00:00:00.000Z');
    await db.case.createMany({
      data: [
        { ...row(old), updatedAt },
        { ...row(oldClosed), updatedAt },
      ],
    });
    expect(await ledger.withoutDuplicateKey(10)).toEqual([{ id: old.caseId, description: old.description }]);

    await ledger.fillDuplicateKeys([{ id: old.caseId, duplicateKey: normaliseCaseText(old.description) }]);
    // A key already written stays (a second filler, another replica, changes nothing), and a case
    // closed since it was read gets none.
    await ledger.fillDuplicateKeys([
      { id: old.caseId, duplicateKey: 'something else' },
      { id: oldClosed.caseId, duplicateKey: 'a key' },
    ]);

    const filled = await db.case.findUniqueOrThrow({ where: { id: old.caseId } });
    expect(filled.duplicateKey).toBe('路灯坏了晚上看不见');
    expect(filled.updatedAt).toEqual(updatedAt);
    expect((await db.case.findUniqueOrThrow({ where: { id: oldClosed.caseId } })).duplicateKey).toBeNull();
    expect(await ledger.withoutDuplicateKey(10)).toEqual([]);
  });
});

describe('CaseRepository: a case row carries its duplicate key while the case is open', () => {
  let testDb: TestDatabase;
  let db: Database;
  let cases: CaseRepository;
  const keyOf = async (caseId: string) =>
    (await db.case.findUniqueOrThrow({ where: { id: caseId }, select: { duplicateKey: true } })).duplicateKey;

  /** Records each step's events as one batch, numbered as the workflow numbers them. */
  async function record(caseId: string, steps: CaseCommand[][]): Promise<void> {
    let state: CaseState = initialState;
    let seq = 0;
    for (const commands of steps) {
      const step = run(state, T0, ...commands);
      state = step.state;
      await cases.recordEvents(
        caseId,
        step.events.map((event) => ({ seq: ++seq, event })),
        describeCase(state) as CaseView,
      );
    }
  }

  beforeAll(async () => {
    testDb = await createTestDatabase('duplicate-key-recorded');
    db = await createDatabase(testDb.url);
    cases = new CaseRepository(db, {
      signingKeyId: 'test',
      keys: [{ id: 'test', secret: 'a-test-audit-key-of-at-least-32-characters' }],
    });
  }, 60_000);

  afterAll(async () => {
    await db?.$disconnect();
    testDb?.remove();
  });

  it('keys a raised case by its normalised text, and drops the key when the case closes', async () => {
    const raise = (caseId: string) => [raiseCommand({ caseId, description: '支路没人扫，垃圾堆着！' })];
    const handledUntilResult: CaseCommand[] = [
      { type: 'triageCase', actor: actors.laifengTriage, route: 'district' },
      { type: 'claimCase', actor: actors.umHandler },
      {
        type: 'submitHandlingPlan',
        actor: actors.umHandler,
        plan: '纳入保洁范围',
        responsibility: { unit: '环卫二队', personName: '张伟' },
      },
      { type: 'reportResult', actor: actors.umHandler, summary: '已清扫' },
    ];
    await record('loop', [raise('loop'), handledUntilResult]);
    expect(await keyOf('loop')).toBe('支路没人扫垃圾堆着');
    await record('loop-closed', [
      raise('loop-closed'),
      [...handledUntilResult, { type: 'giveFeedback', actor: actors.dengfengSecretary }],
      [{ type: 'rateCase', actor: actors.resident, rating: 'satisfied' }],
    ]);
    expect(await keyOf('loop-closed')).toBeNull();
  });

  it('gives no key to a case resolved on the spot (closed in its first batch)', async () => {
    await record('on-spot', [
      [raiseCommand({ caseId: 'on-spot', description: '路灯坏了', resolvedOnSpot: { summary: '现场修好' } })],
    ]);
    expect((await db.case.findUniqueOrThrow({ where: { id: 'on-spot' } })).status).toBe('closed');
    expect(await keyOf('on-spot')).toBeNull();
  });
});
