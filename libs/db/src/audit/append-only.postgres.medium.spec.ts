import { createTestDatabase, type TestDatabase } from '@bishan/testing';
import { CaseRepository } from '../case.repository';
import { createDatabase, type Database } from '../prisma-client';
import { AdminAuditLog } from './admin-audit';
import { AuditChainVerifier } from './audit-chain.verifier';
import { raiseCommand, directory } from '../../../domain/src/test-support/org-fixture';
import { describeCase, execute, initialState, type CaseView } from '@bishan/domain';

const KEYS = {
  signingKeyId: 'k1',
  keys: [{ id: 'k1', secret: 'a-test-audit-key-of-at-least-32-characters' }],
};
const CASE = 'case-append-only';

// PostgreSQL's own guarantee, so it runs wherever a server is given (TEST_POSTGRES_URL; `npm test`
// in CI always has one), whichever database the rest of the suite uses. In CI a missing server is
// a failure, not a skip.
const postgresUrl = process.env['TEST_POSTGRES_URL'];
if (!postgresUrl && process.env['CI'] === 'true') throw new Error('TEST_POSTGRES_URL is required in CI');

(postgresUrl ? describe : describe.skip)('audit tables are append-only on PostgreSQL (real server)', () => {
  let testDb: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    testDb = await createTestDatabase('append-only', { provider: 'postgres' });
    db = await createDatabase(testDb.url);
    const raised = execute(initialState, raiseCommand({ caseId: CASE, category: 'roadAppearance' }), {
      now: '2025-03-03T02:00:00.000Z',
      directory,
    });
    if (!raised.ok) throw new Error(raised.reason);
    const events = raised.events.map((event, i) => ({ seq: i + 1, event }));
    await new CaseRepository(db, KEYS).recordEvents(CASE, events, describeCase(raised.state) as CaseView);
    await new AdminAuditLog(db, KEYS).record({
      actor: { id: 'admin', role: 'admin' },
      action: 'organisation.updateTown',
      target: 'town:laifeng',
      data: { name: '来凤街道' },
    });
  }, 60_000);

  afterAll(async () => {
    await db?.$disconnect();
    testDb?.remove();
  });

  it.each([
    ['the case timeline', 'CaseTimelineEntry', `"actorId" = 'someone-else'`],
    ['the admin audit chain', 'AdminAuditEntry', `"actorId" = 'someone-else'`],
  ])('%s refuses UPDATE, DELETE and TRUNCATE, and keeps every entry', async (_name, table, change) => {
    const before = await db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "${table}"`);
    expect(Number(before[0]?.n)).toBeGreaterThan(0);
    for (const statement of [
      `UPDATE "${table}" SET ${change}`,
      `DELETE FROM "${table}"`,
      `TRUNCATE "${table}" CASCADE`,
    ])
      await expect(db.$executeRawUnsafe(statement)).rejects.toThrow(/append-only/);
    const after = await db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "${table}"`);
    expect(Number(after[0]?.n)).toBe(Number(before[0]?.n));
  });

  it('leaves both chains verifying intact', async () => {
    await expect(new AuditChainVerifier(db, KEYS).verifyCase(CASE)).resolves.toMatchObject({ ok: true });
    await expect(new AdminAuditLog(db, KEYS).verify()).resolves.toMatchObject({ ok: true, entries: 1 });
  });
});
