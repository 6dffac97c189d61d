import type { SequencedCaseEvent } from '@bishan/contracts';
import {
  describeCase,
  execute,
  initialState,
  type CaseCommand,
  type CaseState,
  type CaseView,
} from '@bishan/domain';
import { createTestDatabase, type TestDatabase } from '@bishan/testing';
import { actors, directory, raiseCommand } from '../../domain/src/test-support/org-fixture';
import { AuditChainVerifier } from './audit/audit-chain.verifier';
import { CaseRepository } from './case.repository';
import { GroupedCaseRecorder } from './grouped-case-recorder';
import { createDatabase, type Database } from './prisma-client';

/** The audit key of this test (a deployment keeps its keys outside the database: AUDIT_KEYS). */
const testAuditKeys = {
  signingKeyId: 'test',
  keys: [{ id: 'test', secret: 'a-test-audit-key-of-at-least-32-characters' }],
};

const NOW = '2025-03-03T02:00:00.000Z';

/** Raised, then triaged to the district: two batches, numbered the way the workflow numbers them. */
function twoBatches(caseId: string): { events: SequencedCaseEvent[]; view: CaseView }[] {
  const commands: CaseCommand[] = [
    raiseCommand({ caseId, category: 'roadAppearance' }),
    { type: 'triageCase', actor: actors.laifengTriage, route: 'district' },
  ];
  let state: CaseState = initialState;
  let seq = 0;
  return commands.map((command) => {
    const outcome = execute(state, command, { now: new Date(NOW), directory });
    if (!outcome.ok) throw new Error(`${command.type} rejected: ${outcome.reason}`);
    state = outcome.state;
    return {
      events: outcome.events.map((event) => ({ seq: ++seq, event })),
      view: describeCase(state) as CaseView,
    };
  });
}

describe('GroupedCaseRecorder on a real database', () => {
  let database: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    database = await createTestDatabase('grouped-recorder');
    db = await createDatabase(database.url);
  });
  afterAll(async () => {
    await db?.$disconnect();
    database?.remove();
  });

  it('records many cases at once exactly as one by one: read models, chained timelines, outbox', async () => {
    const recorder = new GroupedCaseRecorder(new CaseRepository(db, testAuditKeys), 5);
    const ids = Array.from({ length: 12 }, (_, i) => `grouped-${i}`);
    const batches = new Map(ids.map((id) => [id, twoBatches(id)]));
    // Every case's first batch at the same moment, then every second one (as a storm would).
    const first = await Promise.all(
      ids.map((id) => recorder.recordEvents(id, batches.get(id)![0]!.events, batches.get(id)![0]!.view)),
    );
    const second = await Promise.all(
      ids.map((id) => recorder.recordEvents(id, batches.get(id)![1]!.events, batches.get(id)![1]!.view)),
    );
    // A retried recording (the activity ran again after a crash) writes nothing twice.
    const again = await recorder.recordEvents(
      ids[0]!,
      batches.get(ids[0]!)![1]!.events,
      batches.get(ids[0]!)![1]!.view,
    );

    expect(first).toEqual(ids.map((id) => batches.get(id)![0]!.events.length));
    expect(second).toEqual(ids.map((id) => batches.get(id)![1]!.events.length));
    expect(again).toBe(0);
    const events = [...batches.values()].flat().flatMap((b) => b.events).length;
    expect(await db.caseTimelineEntry.count({ where: { caseId: { in: ids } } })).toBe(events);
    expect(await db.outboxEvent.count()).toBe(events);
    expect(await db.case.count({ where: { id: { in: ids }, status: 'published' } })).toBe(ids.length);
    const verifier = new AuditChainVerifier(db, testAuditKeys);
    for (const id of ids) expect(await verifier.verifyCase(id)).toMatchObject({ caseId: id, ok: true });
  });

  it('chains a case that appears twice in one group, and a re-sent batch that carries new events', async () => {
    const cases = new CaseRepository(db, testAuditKeys);
    const [raised, triaged] = twoBatches('twice-in-group');
    // Both batches of one case in the same transaction: the second links to entries the first wrote.
    expect(
      await cases.recordEventsOfMany([raised!, triaged!].map((b) => ({ caseId: 'twice-in-group', ...b }))),
    ).toEqual([raised!.events.length, triaged!.events.length]);

    const [first, rest] = twoBatches('re-sent');
    await cases.recordEvents('re-sent', first!.events, first!.view);
    // The first batch again, now followed by the second: only the second's events are new.
    const both = [...first!.events, ...rest!.events];
    expect(await cases.recordEvents('re-sent', both, rest!.view)).toBe(rest!.events.length);

    const verifier = new AuditChainVerifier(db, testAuditKeys);
    for (const id of ['twice-in-group', 're-sent']) {
      expect(await db.caseTimelineEntry.count({ where: { caseId: id } })).toBe(both.length);
      expect(await db.outboxEvent.count({ where: { key: id } })).toBe(both.length);
      expect(await verifier.verifyCase(id)).toMatchObject({ caseId: id, ok: true });
    }
  });

  it('creates the read model with caseRaised, moves it with each later batch, and refuses a batch of a case never raised', async () => {
    const cases = new CaseRepository(db, testAuditKeys);
    const [raised, triaged] = twoBatches('read-model-rows');
    await cases.recordEvents('read-model-rows', raised!.events, raised!.view);
    expect(await cases.lastEventSeq('read-model-rows')).toBe(raised!.events.length);
    await cases.recordEvents('read-model-rows', triaged!.events, triaged!.view);
    const moved = await db.case.findUniqueOrThrow({ where: { id: 'read-model-rows' } });
    expect(moved.lastEventSeq).toBe(raised!.events.length + triaged!.events.length);
    expect(moved.status).toBe(triaged!.view.status);
    // The same batch again records nothing and leaves the row as it is.
    expect(await cases.recordEvents('read-model-rows', triaged!.events, triaged!.view)).toBe(0);
    expect((await db.case.findUniqueOrThrow({ where: { id: 'read-model-rows' } })).updatedAt).toEqual(
      moved.updatedAt,
    );

    const [, orphan] = twoBatches('never-raised');
    const renumbered = orphan!.events.map((e, i) => ({ ...e, seq: i + 1 }));
    await expect(cases.recordEvents('never-raised', renumbered, orphan!.view)).rejects.toThrow(
      'must contain caseRaised',
    );
    expect(await db.case.count({ where: { id: 'never-raised' } })).toBe(0);
    expect(await db.caseTimelineEntry.count({ where: { caseId: 'never-raised' } })).toBe(0);
  });
});
