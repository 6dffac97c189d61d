import { draftOf, emptyReport, getPolicy, type CaseEvent, type WhatIfReport } from '@bishan/domain';
import { createTestDatabase, type TestDatabase } from '@bishan/testing';
import { createDatabase, type Database } from '../prisma-client';
import { CasePolicyRepository, PolicyVersionRefused, pinnedPolicyReader, policyInForceReader } from './case-policy.repository';
import { PolicyWhatIfRepository, RecordedHistoryRepository } from './policy-what-if.repository';

/** A clock the test moves. */
function movableClock(start: string) {
  let now = Date.parse(start);
  return { clock: () => new Date(now), to: (iso: string) => (now = Date.parse(iso)), advance: (ms: number) => (now += ms) };
}

describe('case policy versions as data', () => {
  let testDb: TestDatabase;
  let db: Database;

  beforeEach(async () => {
    testDb = await createTestDatabase('policies');
    db = await createDatabase(testDb.url);
  });

  afterEach(async () => {
    await db.$disconnect();
    testDb.remove();
  });

  it('starts from the compiled versions, published, once — the demonstration versions stay code-only', async () => {
    const time = movableClock('2026-12-04T10:00:00.000Z');
    const [a, b] = [new CasePolicyRepository(db, time.clock), new CasePolicyRepository(db, time.clock)];
    // Two processes starting together: one seeds, the other finds the rows.
    const seeded = await Promise.all([a.seedIfEmpty(), b.seedIfEmpty()]);
    expect(seeded.filter(Boolean).length).toBeLessThanOrEqual(1);
    const versions = await a.list();
    expect(versions.map((v) => [v.version, v.status])).toEqual([
      ['2026.2', 'published'],
      ['2025.1', 'published'],
    ]);
    expect(versions[0]?.policy).toEqual(getPolicy('2026.2'));
    expect(await a.seedIfEmpty()).toBe(false);
    // New cases already pinned 2026.2 before it was data: in force from the seeding on.
    expect((await a.inForce()).version.version).toBe('2026.2');
    expect((await a.inForce(new Date('2025-06-01T00:00:00Z'))).version.version).toBe('2025.1');
  });

  it('finds the latest compiled version in force on the first read of an empty table, the clock read after the seeding', async () => {
    // Every reading of this clock is a second later than the one before: a reading taken before the
    // seeding is earlier than the seeded version's effective time.
    let tick = Date.parse('2026-12-04T10:00:00.000Z');
    const ticking = () => new Date((tick += 1000));
    expect((await new CasePolicyRepository(db, ticking).inForce()).version.version).toBe('2026.2');
    const other = await createTestDatabase('policies-reader');
    const fresh = await createDatabase(other.url);
    try {
      expect((await policyInForceReader(fresh, { clock: ticking })()).version).toBe('2026.2');
    } finally {
      await fresh.$disconnect();
      other.remove();
    }
  });

  it('edits a draft until it is published; a published version never changes, in the repository or in SQL', async () => {
    const time = movableClock('2026-12-04T10:00:00.000Z');
    const policies = new CasePolicyRepository(db, time.clock);
    const draft = draftOf(getPolicy('2026.2'), '2026.3');
    await policies.createDraft({ policy: draft, basedOn: '2026.2', by: 'admin' });
    await expect(policies.createDraft({ policy: draft, basedOn: '2026.2', by: 'admin' })).rejects.toMatchObject({ refusal: 'exists' });
    await expect(policies.createDraft({ policy: draftOf(draft, '2026.2'), basedOn: null, by: 'admin' })).rejects.toMatchObject({ refusal: 'exists' });

    const shorter = { ...draft, claimWindowWorkingDays: 1 };
    time.advance(1000);
    const edited = await policies.updateDraft('2026.3', shorter);
    expect(edited).toMatchObject({ status: 'draft', basedOn: '2026.2', policy: shorter });
    expect(edited.updatedAt.getTime()).toBeGreaterThan(edited.createdAt.getTime());

    const published = await policies.publish('2026.3', {
      policy: { ...shorter, effectiveFrom: '2026-12-05' },
      name: '认领时限一天',
      reason: '试点',
      effectiveAt: new Date('2026-12-05T00:00:00Z'),
      by: 'admin',
    });
    expect(published).toMatchObject({ status: 'published', name: '认领时限一天', publishedBy: 'admin' });

    await expect(policies.updateDraft('2026.3', { ...shorter, claimWindowWorkingDays: 3 })).rejects.toThrow(PolicyVersionRefused);
    await expect(policies.updateDraft('2026.3', shorter)).rejects.toMatchObject({ refusal: 'published' });
    await expect(
      policies.publish('2026.3', { policy: shorter, name: 'again', reason: 'again', effectiveAt: time.clock(), by: 'admin' }),
    ).rejects.toMatchObject({ refusal: 'published' });
    await expect(policies.updateDraft('2099.1', draftOf(shorter, '2099.1'))).rejects.toMatchObject({ refusal: 'not-found' });
    // Past the repository: the database refuses too (its trigger's message; the SQLite adapter
    // reports an abort in a trigger under another name).
    await expect(db.casePolicyVersion.update({ where: { version: '2026.3' }, data: { body: '{}' } })).rejects.toThrow();
    await expect(db.casePolicyVersion.delete({ where: { version: '2025.1' } })).rejects.toThrow();
    expect((await policies.get('2026.3')).policy.claimWindowWorkingDays).toBe(1);
    expect(await policies.find('2025.1')).not.toBeNull();
  });

  it('is in force from its effective time, read a few seconds at a time, at once after a publication here', async () => {
    const time = movableClock('2026-12-04T10:00:00.000Z');
    const policies = new CasePolicyRepository(db, time.clock);
    const read = policyInForceReader(db, { clock: time.clock, ttlMs: 5_000 });
    expect((await read()).version).toBe('2026.2');

    await policies.createDraft({ policy: draftOf(getPolicy('2026.2'), '2026.3'), basedOn: '2026.2', by: 'admin' });
    await policies.publish('2026.3', {
      policy: draftOf(getPolicy('2026.2'), '2026.3'),
      name: 'n',
      reason: 'r',
      effectiveAt: new Date('2026-12-04T10:00:02.000Z'),
      by: 'admin',
    });
    // Published, but not yet effective: the reading holds only until it is.
    expect((await read()).version).toBe('2026.2');
    time.advance(2_000);
    expect((await read()).version).toBe('2026.3');

    // A publication through another process (another client on the database) shows within the TTL.
    const elsewhere = await createDatabase(testDb.url);
    try {
      const other = new CasePolicyRepository(elsewhere, time.clock);
      await other.createDraft({ policy: draftOf(getPolicy('2026.2'), '2026.4'), basedOn: '2026.3', by: 'admin' });
      await other.publish('2026.4', { policy: draftOf(getPolicy('2026.2'), '2026.4'), name: 'n', reason: 'r', effectiveAt: time.clock(), by: 'admin' });
      expect((await read()).version).toBe('2026.3');
      time.advance(5_001);
      expect((await read()).version).toBe('2026.4');
    } finally {
      await elsewhere.$disconnect();
    }
  });

  it('lets the configured version override: a compiled one by name, or a published one — never a draft', async () => {
    const policies = new CasePolicyRepository(db);
    const read = policyInForceReader(db);
    expect((await read('demo-compressed')).calendar).toEqual({ kind: 'compressed', dayMs: 2000 });
    expect((await read('2025.1')).version).toBe('2025.1');
    await policies.createDraft({ policy: draftOf(getPolicy('2026.2'), 'trial'), basedOn: '2026.2', by: 'admin' });
    await expect(read('trial')).rejects.toThrow(/neither compiled in nor a published version/);
    await policies.publish('trial', { policy: draftOf(getPolicy('2026.2'), 'trial'), name: 'n', reason: 'r', effectiveAt: new Date(Date.now() + 86_400_000), by: 'admin' });
    expect((await read('trial')).version).toBe('trial');
    // …while the version in force stays the one whose time has come.
    expect((await read()).version).toBe('2026.2');
  });

  it("reads a case's pinned version: compiled by name, published from the table — a draft or an unknown name refused", async () => {
    const policies = new CasePolicyRepository(db);
    const pinned = pinnedPolicyReader(db);
    expect(await pinned('demo-compressed')).toEqual(getPolicy('demo-compressed'));
    const trial = { ...draftOf(getPolicy('2026.2'), 'trial'), extension: { maxWorkingDaysPerRequest: 10, maxGranted: 1 } };
    await policies.createDraft({ policy: trial, basedOn: '2026.2', by: 'admin' });
    await expect(pinned('trial')).rejects.toThrow("no case can be pinned to policy version 'trial': it is neither compiled in nor published");
    await expect(pinned('nowhere')).rejects.toThrow(/'nowhere'/);
    // The refusal was not kept: once published, the same reader finds it.
    await policies.publish('trial', { policy: trial, name: 'n', reason: 'r', effectiveAt: new Date(Date.now() + 86_400_000), by: 'admin' });
    expect((await pinned('trial')).extension).toEqual({ maxWorkingDaysPerRequest: 10, maxGranted: 1 });
  });
});

describe('what-if runs and the recorded history they read', () => {
  let testDb: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    testDb = await createTestDatabase('policy-what-if');
    db = await createDatabase(testDb.url);
  });

  afterAll(async () => {
    await db.$disconnect();
    testDb.remove();
  });

  const actor = { id: 'sec-1', role: 'village-secretary' } as const;
  async function recordCase(caseId: string, events: { type: string; at: string }[]) {
    await db.case.create({
      data: {
        id: caseId,
        category: '线路整治',
        description: 'd',
        complexity: 'simple',
        channel: 'meeting',
        townId: 'laifeng',
        villageId: 'dengfeng',
        status: 'published',
        policyVersion: '2026.2',
        raisedAt: new Date(events[0]?.at ?? 0),
        lastEventSeq: events.length,
        view: '{}',
      },
    });
    await db.caseTimelineEntry.createMany({
      data: events.map((e, i) => ({
        caseId,
        seq: i + 1,
        eventId: `${caseId}/${i + 1}`,
        type: e.type,
        at: new Date(e.at),
        actorId: actor.id,
        actorRole: actor.role,
        data: JSON.stringify({ ...e, caseId, actor }),
      })),
    });
  }

  it('pages the cases raised in the window by id, each timeline up to the window’s end', async () => {
    await recordCase('c-1', [
      { type: 'caseRaised', at: '2026-10-01T02:00:00.000Z' },
      { type: 'casePublished', at: '2026-10-01T03:00:00.000Z' },
      { type: 'caseClaimed', at: '2026-12-05T03:00:00.000Z' },
    ]);
    await recordCase('c-2', [{ type: 'caseRaised', at: '2026-11-01T02:00:00.000Z' }]);
    await recordCase('c-0', [{ type: 'caseRaised', at: '2026-01-01T02:00:00.000Z' }]);
    await recordCase('c-3', [{ type: 'caseRaised', at: '2026-11-02T02:00:00.000Z' }]);
    const history = new RecordedHistoryRepository(db);
    const window = { from: new Date('2026-06-04T10:00:00Z'), until: new Date('2026-12-04T10:00:00Z') };
    expect(await history.countRaised(window)).toBe(3);
    const first = await history.page(window, null, 2);
    expect(first.map((c) => [c.caseId, c.events.map((e: CaseEvent) => e.type)])).toEqual([
      ['c-1', ['caseRaised', 'casePublished']],
      ['c-2', ['caseRaised']],
    ]);
    expect((await history.page(window, 'c-2', 2)).map((c) => c.caseId)).toEqual(['c-3']);
    expect(await history.page(window, 'c-3', 2)).toEqual([]);
  });

  it('merges each page once, even when the same page comes again', async () => {
    const runs = new PolicyWhatIfRepository(db);
    const draft = draftOf(getPolicy('2026.2'), '2026.3');
    await runs.start({ id: 'run-1', draft, monthsBack: 6, windowFrom: new Date('2026-06-04T10:00:00Z'), windowUntil: new Date('2026-12-04T10:00:00Z'), by: 'admin' });
    await runs.setTotal('run-1', 3);
    const page = (cases: number): WhatIfReport => {
      const report = emptyReport('2026.3');
      return { ...report, total: { actual: { ...report.total.actual, cases }, simulated: { ...report.total.simulated, cases } } };
    };
    expect(await runs.mergePage('run-1', null, { report: page(2), cases: 2, lastCaseId: 'c-2' })).toEqual({ merged: true, casesDone: 2 });
    // The activity retried after its commit: nothing merged twice.
    expect(await runs.mergePage('run-1', null, { report: page(2), cases: 2, lastCaseId: 'c-2' })).toEqual({ merged: false, casesDone: 2 });
    expect(await runs.mergePage('run-1', 'c-2', { report: page(1), cases: 1, lastCaseId: 'c-3' })).toEqual({ merged: true, casesDone: 3 });
    await runs.complete('run-1');
    const stored = await runs.find('run-1');
    expect(stored).toMatchObject({ status: 'completed', casesTotal: 3, casesDone: 3, cursor: 'c-3' });
    expect(stored?.report.total.simulated.cases).toBe(3);
    // A finished run takes no more pages and cannot fail afterwards.
    expect((await runs.mergePage('run-1', 'c-3', { report: page(1), cases: 1, lastCaseId: 'c-4' })).merged).toBe(false);
    await runs.fail('run-1', 'late');
    expect((await runs.find('run-1'))?.status).toBe('completed');
    expect((await runs.runsOf('2026.3')).map((r) => r.id)).toEqual(['run-1']);
  });
});
