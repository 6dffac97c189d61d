import type { AppConfig } from '@bishan/config';
import { rmSync } from 'node:fs';
import { AuditAnchoring, CaseRepository, createDatabase, keyedAuditHash, type Database } from '@bishan/db';
import { describeCase, initialState, type CaseView } from '@bishan/domain';
import { ProblemException, ZodValidationPipe } from '@bishan/service-runtime';
import { createTestDatabase, type TestDatabase } from '@bishan/testing';
import { actors, raiseCommand, run, T0 } from '../../../../libs/domain/src/test-support/org-fixture';
import { AdminAuditChainHandler } from './admin-audit-chain/admin-audit-chain.handler';
import { verifyAllQuery } from './audit-admin.schemas';
import { AuditController } from './audit.controller';
import { VerifyAuditChainHandler } from './verify-audit-chain/verify-audit-chain.handler';

/** The audit key of this test (a deployment keeps its keys outside the database: AUDIT_KEYS). */
const testAuditKeys = { signingKeyId: 'test', keys: [{ id: 'test', secret: 'a-test-audit-key-of-at-least-32-characters' }] };

async function recordRaisedCase(db: Database, caseId: string): Promise<void> {
  const { state, events } = run(initialState, T0, raiseCommand({ caseId }), {
    type: 'triageCase',
    actor: actors.laifengTriage,
    route: 'district',
  });
  const sequenced = events.map((event, i) => ({ seq: i + 1, event }));
  await new CaseRepository(db, testAuditKeys).recordEvents(caseId, sequenced, describeCase(state) as CaseView);
}

describe('admin audit endpoints', () => {
  let testDb: TestDatabase;
  let db: Database;
  let controller: AuditController;
  let anchorFile: string;

  beforeAll(async () => {
    // SQLite only, even with TEST_DATABASE=postgres: the tampering below is SQLite raw SQL
    // (unquoted mixed-case identifiers). The e2e suite covers PostgreSQL.
    testDb = await createTestDatabase('audit-admin', { provider: 'sqlite' });
    db = await createDatabase(testDb.url);
    // No anchor file yet: the chains are checked on their own, and the answer says no anchors were found.
    anchorFile = `${testDb.url.slice('file:'.length)}.anchors.jsonl`;
    const config = { audit: { ...testAuditKeys, anchorFile } } as unknown as AppConfig;
    controller = new AuditController(new VerifyAuditChainHandler(db, config), new AdminAuditChainHandler(db, config));
    for (const id of ['intact', 'edited', 'emptied']) await recordRaisedCase(db, id);
    await db.$executeRawUnsafe(
      `UPDATE CaseTimelineEntry SET actorId = 'someone' WHERE caseId = 'edited' AND seq = 2`,
    );
    await db.$executeRawUnsafe(`DELETE FROM CaseTimelineEntry WHERE caseId = 'emptied'`);
  }, 60_000);

  afterAll(async () => {
    await db.$disconnect();
    testDb.remove();
    rmSync(anchorFile, { force: true });
  });

  it('reports an intact chain', async () => {
    await expect(controller.verifyCase('intact')).resolves.toMatchObject({ caseId: 'intact', ok: true });
  });

  it('answers a broken chain as a finding, not an error', async () => {
    await expect(controller.verifyCase('edited')).resolves.toEqual({
      caseId: 'edited',
      ok: false,
      firstBroken: { seq: 2, reason: 'hash-mismatch' },
    });
  });

  it('tells a case that lost its whole trail from a case that never existed', async () => {
    await expect(controller.verifyCase('emptied')).resolves.toMatchObject({
      ok: false,
      firstBroken: { seq: 1, reason: 'no-entries' },
    });
    const unknown = controller.verifyCase('no-such-case');
    await expect(unknown).rejects.toBeInstanceOf(ProblemException);
    await expect(unknown).rejects.toMatchObject({ problem: { status: 404, title: 'case not found' } });
  });

  it('verifies every chain', async () => {
    await expect(controller.verifyAll({ batchSize: 2 })).resolves.toEqual({
      checked: 3,
      intact: 1,
      broken: [
        { caseId: 'edited', firstBroken: { seq: 2, reason: 'hash-mismatch' } },
        { caseId: 'emptied', firstBroken: { seq: 1, reason: 'no-entries' } },
      ],
      anchors: expect.objectContaining({ present: false, lines: 0, casesAnchored: 0 }),
    });
  });

  it('checks the anchor file: a chain rewritten and recomputed with the key is reported at its anchored head', async () => {
    await new AuditAnchoring(db, anchorFile).anchorOnce();
    const entries = await db.caseTimelineEntry.findMany({ where: { caseId: 'intact' }, orderBy: { seq: 'asc' } });
    let prev = '';
    for (const e of entries) {
      const hash = keyedAuditHash({ ...e, actorId: 'someone-else' }, prev, testAuditKeys.keys[0]!);
      await db.$executeRawUnsafe(`UPDATE CaseTimelineEntry SET actorId = 'someone-else', prevHash = ?, hash = ? WHERE caseId = 'intact' AND seq = ?`, prev, hash, e.seq);
      prev = hash;
    }
    await expect(controller.verifyCase('intact')).resolves.toEqual({
      caseId: 'intact',
      ok: false,
      firstBroken: { seq: entries.length, reason: 'anchor-mismatch' },
    });
    await expect(controller.verifyAll({ batchSize: 100 })).resolves.toMatchObject({
      intact: 0,
      anchors: { file: anchorFile, present: true, lines: 1, broken: null },
    });
  });

  it('pages by 100 cases unless told otherwise, and refuses a page size out of range', () => {
    const pipe = new ZodValidationPipe(verifyAllQuery, 'query');
    expect(pipe.transform({})).toEqual({ batchSize: 100 });
    expect(pipe.transform({ batchSize: '25' })).toEqual({ batchSize: 25 });
    expect(() => pipe.transform({ batchSize: '0' })).toThrow(ProblemException);
  });
});
