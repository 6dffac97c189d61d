import type { CaseSnapshot } from '@bishan/contracts';
import { createDatabase, ReconciliationRepository, snapshotContentHash, type Database } from '@bishan/db';
import type { CaseView } from '@bishan/domain';
import { createTestDatabase, type TestDatabase } from '@bishan/testing';
import { createMonthlyReconciliationActivities } from './monthly-reconciliation.activities';

const OCTOBER = '2026-10';
const IN_OCTOBER = new Date('2026-10-15T02:00:00.000Z');
const DEADLINE = '2026-10-20T01:00:00.000Z';

/** The parts of a CaseView the reconciliation reads; the rest is irrelevant to it. */
const viewOf = (caseId: string, status: string, overrides: Partial<CaseView> = {}): CaseView =>
  ({
    caseId,
    status,
    location: { townId: 'laifeng', villageId: 'dengfeng' },
    handler: { level: 'district', unitId: 'power-supply', coHandlingDepartmentIds: [], since: IN_OCTOBER.toISOString() },
    responsibility: { departmentId: 'power-supply', unit: '供电所', personName: '张三', personId: 'power-supply-handler-1' },
    nextDeadline: { id: 'handling', kind: 'handling', dueAt: DEADLINE, running: true },
    ...overrides,
  }) as unknown as CaseView;

describe('monthly reconciliation activities (real database)', () => {
  let testDb: TestDatabase;
  let db: Database;
  let repository: ReconciliationRepository;
  const workflows = new Map<string, CaseSnapshot>();
  let visible: string[] = [];

  beforeAll(async () => {
    testDb = await createTestDatabase('reconciliation-activities');
    db = await createDatabase(testDb.url);
    repository = new ReconciliationRepository(db);
    // Migrating a fresh PostgreSQL database takes longer than Jest's default.
  }, 60_000);

  afterAll(async () => {
    await db?.$disconnect();
    testDb?.remove();
  });

  async function ledgerRow(caseId: string, status: string, extra: { closedAt?: Date; nextDeadlineAt?: Date | null; lastEventSeq?: number } = {}) {
    await db.case.create({
      data: {
        id: caseId,
        category: '线路整治',
        description: '电力线路杂乱',
        complexity: 'simple',
        channel: 'meeting',
        townId: 'laifeng',
        villageId: 'dengfeng',
        status,
        policyVersion: 'v1',
        handlerLevel: 'district',
        handlerUnitId: 'power-supply',
        raisedAt: IN_OCTOBER,
        closedAt: extra.closedAt ?? null,
        nextDeadlineAt: extra.nextDeadlineAt === undefined ? new Date(DEADLINE) : extra.nextDeadlineAt,
        lastEventSeq: extra.lastEventSeq ?? 4,
        view: JSON.stringify(viewOf(caseId, status)),
      },
    });
  }

  const activities = () =>
    createMonthlyReconciliationActivities({
      store: repository,
      caseSnapshot: async (caseId) => workflows.get(caseId) ?? 'missing',
      caseWorkflowIds: async () => visible,
      settle: async () => undefined,
      clock: () => new Date('2026-11-01T02:00:00.000Z'),
    });

  it('lists every kind of mismatch, page by page, with who answers for it', async () => {
    await ledgerRow('case-a-agrees', 'inProgress');
    workflows.set('case-a-agrees', { view: viewOf('case-a-agrees', 'inProgress'), eventSeq: 4 });
    await ledgerRow('case-b-tampered', 'closed');
    workflows.set('case-b-tampered', { view: viewOf('case-b-tampered', 'inProgress'), eventSeq: 4 });
    await ledgerRow('case-c-deadline', 'inProgress', { nextDeadlineAt: new Date('2026-10-21T01:00:00.000Z') });
    workflows.set('case-c-deadline', { view: viewOf('case-c-deadline', 'inProgress'), eventSeq: 4 });
    await ledgerRow('case-d-no-workflow', 'inProgress');
    // Closed in September and not touched since: outside October's reconciliation.
    await ledgerRow('case-e-closed-before', 'closed', { closedAt: new Date('2026-09-10T00:00:00.000Z') });
    // @updatedAt is set by the client on every write: only raw SQL puts the row back in September.
    await db.$executeRaw`UPDATE "Case" SET "updatedAt" = ${new Date('2026-09-10T00:00:00.000Z')} WHERE "id" = 'case-e-closed-before'`;
    workflows.set('case-f-no-row', { view: viewOf('case-f-no-row', 'published'), eventSeq: 2 });
    visible = ['case-a-agrees', 'case-f-no-row'];

    const reconcile = activities();
    const first = await reconcile.compareLedgerPage({ month: OCTOBER, after: null, limit: 2 });
    expect(first).toMatchObject({ checked: 2, nextCursor: 'case-b-tampered' });
    const second = await reconcile.compareLedgerPage({ month: OCTOBER, after: first.nextCursor, limit: 2 });
    expect(second).toMatchObject({ checked: 2, nextCursor: 'case-d-no-workflow' });
    const third = await reconcile.compareLedgerPage({ month: OCTOBER, after: second.nextCursor, limit: 2 });
    expect(third).toMatchObject({ checked: 0, nextCursor: null, mismatches: [] });
    const orphans = await reconcile.findWorkflowsWithoutLedgerRow({ month: OCTOBER });

    const found = [...first.mismatches, ...second.mismatches, ...orphans];
    expect(found.map((m) => `${m.caseId} ${m.kind}`)).toEqual([
      'case-b-tampered statusDiffers',
      'case-c-deadline deadlineDiffers',
      'case-d-no-workflow workflowMissing',
      'case-f-no-row readModelMissing',
    ]);
    expect(found[0]).toMatchObject({
      ledger: { status: 'closed', nextDeadlineAt: DEADLINE, lastEventSeq: 4 },
      workflow: { status: 'inProgress', nextDeadlineAt: DEADLINE, lastEventSeq: 4 },
      responsible: { departmentId: 'power-supply', townId: 'laifeng', personId: 'power-supply-handler-1' },
    });
  });

  it('looks twice at a case whose read model is behind its workflow, and reports only what stays different', async () => {
    await ledgerRow('lag-1', 'published', { lastEventSeq: 2 });
    workflows.set('lag-1', { view: viewOf('lag-1', 'claimed'), eventSeq: 3 });
    let settled = 0;
    const reconcile = createMonthlyReconciliationActivities({
      store: repository,
      caseSnapshot: async (caseId) => workflows.get(caseId) ?? 'missing',
      caseWorkflowIds: async () => [],
      // Meanwhile the read model catches up, as recordCaseEvents would make it.
      settle: async () => {
        settled += 1;
        await db.case.update({ where: { id: 'lag-1' }, data: { status: 'claimed', lastEventSeq: 3 } });
      },
      clock: () => new Date(),
    });
    const page = await reconcile.compareLedgerPage({ month: OCTOBER, after: 'lag-0', limit: 1 });
    expect(page.checked).toBe(1);
    expect(page.mismatches).toEqual([]);
    expect(settled).toBe(1);
  });

  it('records the run once, each signature once, and the month snapshot exactly once and immutably', async () => {
    const reconcile = activities();
    const mismatches = (await reconcile.compareLedgerPage({ month: OCTOBER, after: 'case-b', limit: 1 })).mismatches;
    const run = { reconciliationId: 'run-1', month: OCTOBER, casesChecked: 5, mismatches, required: [{ role: 'unit' as const, partyId: 'laifeng' }] };
    await reconcile.recordReconciliation(run);
    await reconcile.recordReconciliation(run);
    expect(await repository.mismatchesOf('run-1')).toHaveLength(1);
    expect(await repository.findRun('run-1')).toMatchObject({ status: 'awaitingSignOff', casesChecked: 5 });

    const signOff = { slot: 'unit:laifeng', signerId: 'laifeng-secretary', signerRole: 'town-leader', signedAt: '2026-11-02T01:00:00.000Z', note: null };
    await reconcile.recordSignOff({ reconciliationId: 'run-1', signOff });
    await reconcile.recordSignOff({ reconciliationId: 'run-1', signOff });
    expect(await repository.signOffsOf('run-1')).toHaveLength(1);

    const snapshot = { reconciliationId: 'run-1', month: OCTOBER, casesChecked: 5, mismatches, signOffs: [signOff] };
    const { contentHash } = await reconcile.storeMonthSnapshot(snapshot);
    const stored = await repository.snapshotOf(OCTOBER);
    expect(stored?.contentHash).toBe(contentHash);
    expect(snapshotContentHash(stored!.content)).toBe(contentHash);
    expect(JSON.parse(stored!.content)).toMatchObject({ month: OCTOBER, casesChecked: 5, signOffs: [{ slot: 'unit:laifeng' }] });
    expect(await repository.findRun('run-1')).toMatchObject({ status: 'signedOff' });

    // A retry of the same write is answered with the stored hash; anything else for October is refused.
    await expect(reconcile.storeMonthSnapshot(snapshot)).resolves.toEqual({ contentHash });
    await expect(reconcile.storeMonthSnapshot({ ...snapshot, casesChecked: 6 })).rejects.toMatchObject({ name: 'SnapshotConflict' });
    await expect(reconcile.storeMonthSnapshot({ ...snapshot, reconciliationId: 'run-2' })).rejects.toMatchObject({ name: 'SnapshotConflict' });

    // Not even the database lets the row change: its triggers abort (SQLite's driver adapter reports
    // a trigger's abort as a constraint violation, PostgreSQL passes the trigger's message on).
    await expect(db.reconciliationSnapshot.update({ where: { month: OCTOBER }, data: { content: '{}' } })).rejects.toThrow();
    await expect(db.reconciliationSnapshot.delete({ where: { month: OCTOBER } })).rejects.toThrow();
    expect((await repository.snapshotOf(OCTOBER))?.content).toBe(stored!.content);
  });
});
