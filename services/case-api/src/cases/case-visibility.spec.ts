import {
  bishanOrganisation,
  CaseLedgerRepository,
  CaseRepository,
  caseVisibilityOf,
  createDatabase,
  type Database,
  type VisibilityGrant,
} from '@bishan/db';
import { describeCase, initialState, type Actor, type CaseCommand, type CaseView } from '@bishan/domain';
import { createTestDatabase, type TestDatabase } from '@bishan/testing';
import {
  actors as fixtureActors,
  raiseCommand,
  run,
  T0,
} from '../../../../libs/domain/src/test-support/org-fixture';
import type { OrganisationStore } from '../organisation/organisation.store';
import { VisibleCases } from './visible-cases';

/** The audit key of this test (a deployment keeps its keys outside the database: AUDIT_KEYS). */
const testAuditKeys = {
  signingKeyId: 'test',
  keys: [{ id: 'test', secret: 'a-test-audit-key-of-at-least-32-characters' }],
};

const org = bishanOrganisation();
const as = (id: string, role: Actor['role'], scope: Partial<Actor> = {}): Actor => ({ id, role, ...scope });

describe('caseVisibilityOf', () => {
  it('gives each role its own scope', () => {
    expect(caseVisibilityOf(as('resident-dengfeng-1', 'resident', { villageId: 'dengfeng' }), org)).toEqual([
      { kind: 'reportedBy', personId: 'resident-dengfeng-1' },
    ]);
    expect(
      caseVisibilityOf(
        as('dengfeng-secretary', 'village-secretary', { townId: 'laifeng', villageId: 'dengfeng' }),
        org,
      ),
    ).toEqual([{ kind: 'village', villageId: 'dengfeng' }]);
    for (const role of ['town-leader', 'town-triage'] as const) {
      expect(caseVisibilityOf(as('laifeng-secretary', role, { townId: 'laifeng' }), org)).toEqual([
        { kind: 'towns', townIds: ['laifeng'] },
      ]);
    }
    for (const role of ['department-handler', 'department-leader'] as const) {
      expect(caseVisibilityOf(as('x', role, { departmentId: 'power-supply' }), org)).toEqual([
        { kind: 'handledBy', departmentIds: ['power-supply'] },
        { kind: 'coHandledBy', departmentIds: ['power-supply'] },
        { kind: 'publishedIn', categories: ['线路整治', '电力线路', '供电服务'] },
      ]);
    }
    expect(caseVisibilityOf(as('dl-11', 'district-leader'), org)).toEqual([
      { kind: 'towns', townIds: ['hebian'] },
      { kind: 'handledBy', departmentIds: ['housing', 'urban-management', 'planning-natural-resources'] },
      { kind: 'coHandledBy', departmentIds: ['housing', 'urban-management', 'planning-natural-resources'] },
    ]);
    expect(caseVisibilityOf(as('top-secretary', 'top-district-leader'), org)).toBe('all');
    expect(caseVisibilityOf(as('admin', 'admin'), org)).toBe('all');
  });

  it('shows nothing to an actor whose token lacks the scope its role needs', () => {
    expect(caseVisibilityOf(as('x', 'village-secretary', { townId: 'laifeng' }), org)).toEqual([]);
    expect(caseVisibilityOf(as('x', 'town-triage'), org)).toEqual([]);
    expect(
      caseVisibilityOf(as('x', 'department-handler', { departmentId: 'no-such-department' }), org),
    ).toEqual([]);
    expect(caseVisibilityOf(as('dl-99', 'district-leader'), org)).toEqual([]);
    expect(caseVisibilityOf(as('system', 'system'), org)).toEqual([]);
  });
});

/** The grants as the ledger applies them, on a real database: who sees which case. */
describe('who sees which case', () => {
  let testDb: TestDatabase;
  let db: Database;
  let ledger: CaseLedgerRepository;

  const record = async (caseId: string, ...commands: CaseCommand[]) => {
    const { state, events } = run(initialState, T0, ...commands);
    await new CaseRepository(db, testAuditKeys).recordEvents(
      caseId,
      events.map((event, i) => ({ seq: i + 1, event })),
      describeCase(state) as CaseView,
    );
  };
  const seenBy = async (actor: Actor) => {
    const visibility = caseVisibilityOf(actor, org);
    const visible: string[] = [];
    for (const id of ['dengfeng-inLedger', 'dengfeng-published', 'sanxing-claimed', 'shilong-inLedger']) {
      if (await ledger.isVisible(id, visibility)) visible.push(id);
    }
    const { total } = await ledger.page({ visibleTo: visibility }, '-raisedAt', 10, 0);
    expect(total).toBe(visible.length); // the ledger and the single case agree
    return visible;
  };

  beforeAll(async () => {
    testDb = await createTestDatabase('visibility');
    db = await createDatabase(testDb.url);
    ledger = new CaseLedgerRepository(db);
    // The fixture's categories: 'sanitation' is urban management's duty, 'powerLines' the power company's.
    await record(
      'dengfeng-inLedger',
      raiseCommand({ caseId: 'dengfeng-inLedger', reporterIds: ['resident-dengfeng-1'] }),
    );
    await record(
      'dengfeng-published',
      raiseCommand({
        caseId: 'dengfeng-published',
        category: '线路整治',
        reporterIds: ['resident-dengfeng-2'],
      }),
      { type: 'triageCase', actor: fixtureActors.laifengTriage, route: 'district' },
    );
    await record(
      'sanxing-claimed',
      raiseCommand({
        caseId: 'sanxing-claimed',
        actor: fixtureActors.laifengLeader,
        location: { townId: 'laifeng', villageId: 'sanxing' },
        reporterIds: ['resident-sanxing-1', 'resident-dengfeng-1x'],
      }),
      { type: 'triageCase', actor: fixtureActors.laifengTriage, route: 'district' },
      { type: 'claimCase', actor: fixtureActors.umHandler },
    );
    await record(
      'shilong-inLedger',
      raiseCommand({
        caseId: 'shilong-inLedger',
        actor: fixtureActors.shilongSecretary,
        location: { townId: 'zhengxing', villageId: 'shilong' },
      }),
    );
  }, 60_000);

  afterAll(async () => {
    await db.$disconnect();
    testDb.remove();
  });

  it('lets a resident see only the cases they reported (an id that merely starts the same is not theirs)', async () => {
    expect(await seenBy(as('resident-dengfeng-1', 'resident'))).toEqual(['dengfeng-inLedger']);
    expect(await seenBy(as('resident-sanxing-1', 'resident'))).toEqual(['sanxing-claimed']);
  });

  it('lets village and town officials see their own village or town', async () => {
    expect(await seenBy(as('dengfeng-secretary', 'village-secretary', { villageId: 'dengfeng' }))).toEqual([
      'dengfeng-inLedger',
      'dengfeng-published',
    ]);
    expect(await seenBy(as('laifeng-deputy-secretary', 'town-triage', { townId: 'laifeng' }))).toEqual([
      'dengfeng-inLedger',
      'dengfeng-published',
      'sanxing-claimed',
    ]);
    expect(await seenBy(as('zhengxing-secretary', 'town-leader', { townId: 'zhengxing' }))).toEqual([
      'shilong-inLedger',
    ]);
  });

  it('lets a department see what it handles and the published cases it could claim, nothing unpublished', async () => {
    expect(
      await seenBy(as('power-supply-handler-1', 'department-handler', { departmentId: 'power-supply' })),
    ).toEqual(['dengfeng-published']);
    expect(
      await seenBy(
        as('urban-management-leader-1', 'department-leader', { departmentId: 'urban-management' }),
      ),
    ).toEqual(['sanxing-claimed']);
    expect(await seenBy(as('housing-handler-1', 'department-handler', { departmentId: 'housing' }))).toEqual(
      [],
    );
  });

  it("lets a district leader see linked towns and the portfolio's cases, and top leaders everything", async () => {
    expect(await seenBy(as('dl-11', 'district-leader'))).toEqual(['sanxing-claimed']); // urban management is in dl-11's portfolio
    expect(await seenBy(as('dl-06', 'district-leader'))).toEqual(['shilong-inLedger']); // linked to zhengxing
    expect(await seenBy(as('top-mayor', 'top-district-leader'))).toHaveLength(4);
    expect(await seenBy(as('admin', 'admin'))).toHaveLength(4);
    expect(await seenBy(as('system', 'system'))).toEqual([]);
  });
});

/** Co-handling departments read the case with the lead department, for as long as they co-handle it. */
describe('who sees a co-handled case', () => {
  let testDb: TestDatabase;
  let db: Database;
  let ledger: CaseLedgerRepository;
  const housing = as('housing-handler-1', 'department-handler', { departmentId: 'housing' });
  const power = as('power-supply-handler-1', 'department-handler', { departmentId: 'power-supply' });

  const record = async (caseId: string, ...commands: CaseCommand[]) => {
    const { state, events } = run(initialState, T0, ...commands);
    await new CaseRepository(db, testAuditKeys).recordEvents(
      caseId,
      events.map((event, i) => ({ seq: i + 1, event })),
      describeCase(state) as CaseView,
    );
  };
  const seenBy = async (actor: Actor) => {
    const visibility = caseVisibilityOf(actor, org);
    const visible: string[] = [];
    for (const id of ['co-handled', 'returned', 'lead-only']) {
      if (await ledger.isVisible(id, visibility)) visible.push(id);
    }
    const { total } = await ledger.page({ visibleTo: visibility }, '-raisedAt', 10, 0);
    expect(total).toBe(visible.length);
    return visible;
  };
  const claimedBy = (caseId: string, coHandlingDepartmentIds?: string[]): CaseCommand[] => [
    raiseCommand({ caseId }),
    { type: 'triageCase', actor: fixtureActors.laifengTriage, route: 'district' },
    {
      type: 'claimCase',
      actor: fixtureActors.umHandler,
      ...(coHandlingDepartmentIds ? { coHandlingDepartmentIds } : {}),
    },
  ];

  beforeAll(async () => {
    testDb = await createTestDatabase('co-handling');
    db = await createDatabase(testDb.url);
    ledger = new CaseLedgerRepository(db);
    await record('co-handled', ...claimedBy('co-handled', ['housing', 'power-supply']));
    // Returned to the town: the department handler and its co-handlers let go of it.
    await record('returned', ...claimedBy('returned', ['housing']), {
      type: 'returnCase',
      actor: fixtureActors.umHandler,
      reason: '不属于本部门职责',
    });
    await record('lead-only', ...claimedBy('lead-only'));
  }, 60_000);

  afterAll(async () => {
    await db.$disconnect();
    testDb.remove();
  });

  it('records the co-handling departments in the read model', async () => {
    expect((await new CaseRepository(db).findById('co-handled'))?.coHandlerIds).toBe(
      JSON.stringify(['housing', 'power-supply']),
    );
    expect((await new CaseRepository(db).findById('returned'))?.coHandlerIds).toBe('[]');
  });

  it('lets each co-handling department read the case, and no longer once it is returned', async () => {
    expect(await seenBy(housing)).toEqual(['co-handled']);
    expect(await seenBy(power)).toEqual(['co-handled']);
    expect(await seenBy(as('um', 'department-leader', { departmentId: 'urban-management' }))).toEqual([
      'co-handled',
      'lead-only',
    ]);
  });

  it('shows nothing to an unrelated department, nor to one whose id merely starts the same', async () => {
    expect(await seenBy(as('x', 'department-handler', { departmentId: 'water-resources' }))).toEqual([]);
    const lookalike = (caseVisibilityOf(housing, org) as readonly VisibilityGrant[]).map((grant) =>
      grant.kind === 'coHandledBy' ? { ...grant, departmentIds: ['hous'] } : grant,
    );
    expect(await ledger.isVisible('co-handled', lookalike)).toBe(false);
    expect(await ledger.isVisible('co-handled', [{ kind: 'coHandledBy', departmentIds: [] }])).toBe(false);
  });
});

/** Before an action, a case whose visibility is still being recorded is waited for, not refused. */
describe('VisibleCases.refuseIfHidden', () => {
  let testDb: TestDatabase;
  let db: Database;
  const power = as('power-supply-handler-1', 'department-handler', { departmentId: 'power-supply' });
  const organisation = { current: () => org } as unknown as OrganisationStore;
  const raised = raiseCommand({
    caseId: 'racing',
    category: '线路整治',
    reporterIds: ['resident-dengfeng-2'],
  });
  const triage: CaseCommand = { type: 'triageCase', actor: fixtureActors.laifengTriage, route: 'district' };

  /** Records the events of `commands` from sequence `fromSeq` on (those before it are recorded already). */
  const recordFrom = async (caseId: string, fromSeq: number, ...commands: CaseCommand[]) => {
    const { state, events } = run(initialState, T0, ...commands);
    await new CaseRepository(db, testAuditKeys).recordEvents(
      caseId,
      events.slice(fromSeq - 1).map((event, i) => ({ seq: fromSeq + i, event })),
      describeCase(state) as CaseView,
    );
  };

  /** The database, with the triage's recording committed right after the first visibility check answers. */
  const recordingLandsAfterFirstCheck = (caseId: string): Database => {
    let landed = false;
    const cases = new Proxy(db.case, {
      get(target, property) {
        if (property === 'count')
          return async (args: Parameters<Database['case']['count']>[0]) => {
            const count = await target.count(args);
            if (!landed) {
              landed = true;
              await recordFrom(
                caseId,
                run(initialState, T0, raised).events.length + 1,
                { ...raised, caseId } as CaseCommand,
                triage,
              );
            }
            return count;
          };
        const value = Reflect.get(target, property) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    return new Proxy(db, {
      get: (target, property) => (property === 'case' ? cases : Reflect.get(target, property)),
    });
  };

  beforeAll(async () => {
    testDb = await createTestDatabase('visible-cases');
    db = await createDatabase(testDb.url);
  }, 60_000);

  afterAll(async () => {
    await db.$disconnect();
    testDb.remove();
  });

  it('lets the action through when the recording that publishes the case lands between its reads', async () => {
    await recordFrom('racing', 1, raised);
    const visible = new VisibleCases(recordingLandsAfterFirstCheck('racing'), organisation);
    const triaged = run(initialState, T0, raised, triage).events.length;
    expect(await new CaseRepository(db).lastEventSeq('racing')).toBeLessThan(triaged);
    await expect(
      visible.refuseIfHidden('racing', power, () => Promise.resolve(triaged)),
    ).resolves.toBeUndefined();
    expect(await new CaseRepository(db).lastEventSeq('racing')).toBe(triaged);
  });

  it('refuses with 404 a case the recording has caught up with and that stays out of scope', async () => {
    await recordFrom('unpublished', 1, { ...raised, caseId: 'unpublished' } as CaseCommand);
    const visible = new VisibleCases(db, organisation);
    await expect(
      visible.refuseIfHidden('unpublished', power, () =>
        Promise.resolve(run(initialState, T0, raised).events.length),
      ),
    ).rejects.toMatchObject({
      status: 404,
    });
  });
});
