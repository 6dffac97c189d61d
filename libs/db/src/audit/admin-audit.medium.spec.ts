import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@bishan/testing';
import { createDatabase, type Database } from '../prisma-client';
import { AdminAuditLog } from './admin-audit';
import { AuditAnchoring, readAnchors } from './audit-anchors';
import { keyedAdminAuditHash, type AuditKeyring } from './audit-chain';

const KEY = { id: 'k1', secret: 'a-test-audit-key-of-at-least-32-characters' };
const KEYS: AuditKeyring = { signingKeyId: 'k1', keys: [KEY] };
const admin = { id: 'admin', role: 'admin' };

async function openChain(name: string, provider?: 'sqlite') {
  const testDb = await createTestDatabase(name, provider ? { provider } : {});
  const db = await createDatabase(testDb.url);
  return { testDb, db, log: new AdminAuditLog(db, KEYS) };
}

const recordSome = async (log: AdminAuditLog, n: number) => {
  // Concurrent appends take turns: the chain still numbers them 1..n, each linked to the one before.
  await Promise.all(
    Array.from({ length: n }, (_, i) =>
      log.record({ actor: admin, action: 'organisation.updateTown', target: `town:t${i}`, data: { name: `镇 ${i}` } }),
    ),
  );
};

describe('the admin audit chain (real database, either provider)', () => {
  let testDb: TestDatabase;
  let db: Database;
  let log: AdminAuditLog;

  beforeAll(async () => {
    ({ testDb, db, log } = await openChain('admin-audit'));
  }, 60_000);

  afterAll(async () => {
    await db?.$disconnect();
    testDb?.remove();
  });

  it('chains every entry, keyed, and lists them newest first', async () => {
    await expect(log.verify()).resolves.toEqual({ ok: true, entries: 0, head: null });
    await recordSome(log, 6);
    const entries = await db.adminAuditEntry.findMany({ orderBy: { seq: 'asc' } });
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    for (const [i, e] of entries.entries()) {
      expect(e.prevHash).toBe(i === 0 ? '' : entries[i - 1]?.hash);
      expect(e.hash).toBe(keyedAdminAuditHash(e, e.prevHash, KEY));
      expect(e.keyId).toBe('k1');
    }
    await expect(log.verify()).resolves.toEqual({ ok: true, entries: 6, head: { seq: 6, hash: entries[5]?.hash } });
    const page = await log.list({ limit: 4 });
    expect(page.total).toBe(6);
    expect(page.items.map((e) => e.seq)).toEqual([6, 5, 4, 3]);
    expect((await log.list({ limit: 4, beforeSeq: 3 })).items.map((e) => e.seq)).toEqual([2, 1]);
  });

  it('commits an entry with the edit it records, or not at all', async () => {
    await expect(
      db.$transaction(async (tx) => {
        await log.appendIn(tx, { actor: admin, action: 'notification.template.set', target: 'template:assigned/sms', data: {} });
        throw new Error('the edit failed');
      }),
    ).rejects.toThrow('the edit failed');
    await recordSome(log, 1);
    expect((await db.adminAuditEntry.findMany({ orderBy: { seq: 'asc' } })).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    await expect(log.verify()).resolves.toMatchObject({ ok: true, entries: 7 });
  });

  // The trigger of the PostgreSQL migration (TEST_DATABASE=postgres runs this suite there).
  (process.env['TEST_DATABASE'] === 'postgres' ? it : it.skip)('refuses UPDATE, DELETE and TRUNCATE on PostgreSQL', async () => {
    for (const statement of [`UPDATE "AdminAuditEntry" SET "actorId" = 'x'`, `DELETE FROM "AdminAuditEntry"`, `TRUNCATE "AdminAuditEntry"`])
      await expect(db.$executeRawUnsafe(statement)).rejects.toThrow(/append-only/);
    await expect(log.verify()).resolves.toMatchObject({ ok: true, entries: 7 });
  });
});

describe('the admin audit chain under tampering (real SQLite)', () => {
  let testDb: TestDatabase;
  let db: Database;
  let log: AdminAuditLog;

  beforeAll(async () => {
    // SQLite: the tampering is SQLite raw SQL (on PostgreSQL the table refuses UPDATE and DELETE).
    ({ testDb, db, log } = await openChain('admin-audit-tampered', 'sqlite'));
  }, 60_000);

  afterAll(async () => {
    await db?.$disconnect();
    testDb?.remove();
  });

  it('reports an edited entry, a deleted one, a deleted tail and a chain recomputed without the key', async () => {
    await recordSome(log, 4);
    const sql = (statement: string, ...values: unknown[]) => db.$executeRawUnsafe(statement, ...values);

    await sql(`UPDATE AdminAuditEntry SET actorId = 'someone-else' WHERE seq = 2`);
    await expect(log.verify()).resolves.toEqual({ ok: false, firstBroken: { seq: 2, reason: 'hash-mismatch' } });
    await sql(`UPDATE AdminAuditEntry SET actorId = 'admin' WHERE seq = 2`);
    await expect(log.verify()).resolves.toMatchObject({ ok: true });

    // Whoever writes the database but holds no key can only recompute unkeyed hashes.
    const entries = await db.adminAuditEntry.findMany({ orderBy: { seq: 'asc' } });
    let prev = '';
    for (const e of entries) {
      const hash = createHash('sha256').update(JSON.stringify([e.seq, e.action, e.target, e.data, prev])).digest('hex');
      await sql(`UPDATE AdminAuditEntry SET prevHash = ?, hash = ?, keyId = '' WHERE seq = ?`, prev, hash, e.seq);
      prev = hash;
    }
    await expect(log.verify()).resolves.toEqual({ ok: false, firstBroken: { seq: 1, reason: 'unkeyed' } });
    for (const e of entries) await sql(`UPDATE AdminAuditEntry SET prevHash = ?, hash = ?, keyId = ? WHERE seq = ?`, e.prevHash, e.hash, e.keyId, e.seq);
    await expect(log.verify()).resolves.toMatchObject({ ok: true });

    await sql(`DELETE FROM AdminAuditEntry WHERE seq = 4`);
    await expect(log.verify()).resolves.toEqual({ ok: false, firstBroken: { seq: 4, reason: 'truncated' } });
    await sql(`DELETE FROM AdminAuditEntry WHERE seq = 2`);
    await expect(log.verify()).resolves.toEqual({ ok: false, firstBroken: { seq: 2, reason: 'seq-gap' } });
  });

  it('fails a chain rewritten and recomputed with the key, by its anchored head; anchors reach the topic once it answers', async () => {
    // A chain of its own: the test before left this one broken.
    const { testDb, db, log } = await openChain('admin-audit-anchored', 'sqlite');
    const dir = mkdtempSync(join(tmpdir(), 'bishan-anchors-'));
    try {
      await recordSome(log, 2);
      const file = join(dir, 'anchors.jsonl');
      const topic: string[] = [];
      let brokerUp = false;
      const anchoring = new AuditAnchoring(db, file, {
        publish: async (lines) => {
          if (!brokerUp) throw new Error('broker unavailable');
          topic.push(...lines);
        },
      });
      // The file is written first; the topic gets the line when the broker is back.
      await expect(anchoring.anchorOnce()).resolves.toMatchObject({ published: 0, publishError: 'broker unavailable' });
      expect((await readAnchors(file)).lines).toBe(1);
      brokerUp = true;
      await expect(anchoring.anchorOnce()).resolves.toEqual({ written: [], published: 1 });
      const anchors = await readAnchors(file);
      const head = (await db.adminAuditEntry.findFirstOrThrow({ orderBy: { seq: 'desc' } })).seq;
      expect(anchors.admin).toMatchObject({ seq: head });
      expect(topic).toHaveLength(1);
      await expect(log.verify(anchors)).resolves.toMatchObject({ ok: true });

      // Rewritten from entry 1 on and recomputed with the key: the chain holds, its anchor does not.
      const entries = await db.adminAuditEntry.findMany({ orderBy: { seq: 'asc' } });
      let prev = '';
      for (const e of entries) {
        const fields = e.seq === 1 ? { ...e, target: 'town:elsewhere' } : e;
        const hash = keyedAdminAuditHash(fields, prev, KEY);
        await db.$executeRawUnsafe(`UPDATE AdminAuditEntry SET target = ?, prevHash = ?, hash = ? WHERE seq = ?`, fields.target, prev, hash, e.seq);
        prev = hash;
      }
      await expect(log.verify()).resolves.toMatchObject({ ok: true });
      await expect(log.verify(anchors)).resolves.toEqual({ ok: false, firstBroken: { seq: head, reason: 'anchor-mismatch' } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await db.$disconnect();
      testDb.remove();
    }
  }, 60_000);
});
