import type { Client } from '@temporalio/client';
import type { AppConfig } from '@bishan/config';
import { createDatabase, keyedAdminAuditHash, type Database } from '@bishan/db';
import type { Actor } from '@bishan/domain';
import { ProblemException } from '@bishan/service-runtime';
import { createTestDatabase, type TestDatabase } from '@bishan/testing';
import { fixture2027 } from '../../../../../libs/domain/src/test-support/fixture-holidays';
import { LoadHolidayScheduleHandler } from '../../calendar/load-holiday-schedule.handler';
import { OrganisationStore } from '../../organisation/organisation.store';
import { OrganisationAdminHandler } from '../organisation-admin.handler';
import { AdminAuditChainHandler } from './admin-audit-chain.handler';

const KEY = { id: 'test', secret: 'a-test-audit-key-of-at-least-32-characters' };
const config = {
  audit: { signingKeyId: KEY.id, keys: [KEY], anchorFile: '/nonexistent/bishan-admin-audit-test/anchors.jsonl' },
  temporal: { taskQueue: 'admin-audit-test' },
} as unknown as AppConfig;
const admin = { id: 'admin', role: 'admin' } as Actor;

/** Temporal as far as the holiday load needs it: the rollout's start is taken and forgotten. */
const temporal = { workflow: { start: async () => undefined } } as unknown as Client;

describe('administrators’ edits enter the admin audit chain, which GET /admin/audit/admin-entries lists and verifies (real SQLite)', () => {
  let testDb: TestDatabase;
  let db: Database;
  let store: OrganisationStore;
  let organisation: OrganisationAdminHandler;
  let chain: AdminAuditChainHandler;

  beforeAll(async () => {
    // SQLite: the last test rewrites rows with SQLite raw SQL (PostgreSQL refuses it outright).
    testDb = await createTestDatabase('admin-audit-chain', { provider: 'sqlite' });
    db = await createDatabase(testDb.url);
    store = new OrganisationStore(db);
    await store.onModuleInit();
    organisation = new OrganisationAdminHandler(store, db, config);
    chain = new AdminAuditChainHandler(db, config);
  }, 60_000);

  afterAll(async () => {
    store?.onModuleDestroy();
    await db?.$disconnect();
    testDb?.remove();
  });

  it('records an accepted organisation edit (people and roles included) with who made it, and not a refused one', async () => {
    await organisation.updateTown(admin, 'laifeng', { name: '来凤街道(改)', triageMemberIds: ['laifeng-secretary'] });
    const refused = organisation.updateTown(admin, 'no-such-town', { name: 'x' });
    await expect(refused).rejects.toBeInstanceOf(ProblemException);

    const page = await chain.page({ limit: 10 });
    expect(page.total).toBe(1);
    expect(page.items[0]).toMatchObject({
      seq: 1,
      actorId: 'admin',
      actorRole: 'admin',
      action: 'organisation.updateTown',
      target: 'town:laifeng',
      keyId: 'test',
    });
    expect(JSON.parse(page.items[0]?.data ?? '')).toEqual({ name: '来凤街道(改)', triageMemberIds: ['laifeng-secretary'] });
    expect(page.verification).toEqual({ ok: true, entries: 1, head: { seq: 1, hash: page.items[0]?.hash } });
  });

  it('records a holiday schedule load with its revision and the notice it came from', async () => {
    const { year, holidays, adjustedWorkingDays, source } = fixture2027;
    const schedule = { year, holidays: [...holidays], adjustedWorkingDays: [...adjustedWorkingDays], source };
    const loaded = await new LoadHolidayScheduleHandler(db, temporal, config).execute(schedule, admin);
    const page = await chain.page({ limit: 10 });
    expect(page.items.map((e) => e.action)).toEqual(['calendar.loadHolidaySchedule', 'organisation.updateTown']);
    expect(page.items[0]).toMatchObject({ seq: 2, target: 'holidays:2027', actorId: 'admin' });
    expect(JSON.parse(page.items[0]?.data ?? '')).toMatchObject({ revision: loaded.revision, source: fixture2027.source });
    expect(page.verification).toMatchObject({ ok: true, entries: 2 });
    expect((await chain.page({ limit: 10, beforeSeq: 2 })).items.map((e) => e.seq)).toEqual([1]);
  });

  it('reports an entry rewritten in the database', async () => {
    await db.$executeRawUnsafe(`UPDATE AdminAuditEntry SET actorId = 'someone-else' WHERE seq = 1`);
    await expect(chain.page({ limit: 10 })).resolves.toMatchObject({
      verification: { ok: false, firstBroken: { seq: 1, reason: 'hash-mismatch' } },
    });
    // Recomputed with the key, the rewrite fits its own link but no longer the next entry's.
    const [first] = await db.adminAuditEntry.findMany({ where: { seq: 1 } });
    await db.$executeRawUnsafe(`UPDATE AdminAuditEntry SET hash = ? WHERE seq = 1`, keyedAdminAuditHash(first!, first!.prevHash, KEY));
    await expect(chain.page({ limit: 10 })).resolves.toMatchObject({
      verification: { ok: false, firstBroken: { seq: 2, reason: 'prev-hash-mismatch' } },
    });
  });
});
