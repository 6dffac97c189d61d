import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SequencedCaseEvent } from '@bishan/contracts';
import {
  describeCase,
  execute,
  initialState,
  nextDeadline,
  systemActor,
  type CaseCommand,
  type CaseState,
  type CaseView,
} from '@bishan/domain';
import { createTestDatabase, type TestDatabase } from '@bishan/testing';
import { actors, directory, raiseCommand } from '../../../domain/src/test-support/org-fixture';
import { CaseRepository } from '../case.repository';
import { createDatabase, type Database } from '../prisma-client';
import { AuditAnchoring, readAnchors } from './audit-anchors';
import { auditHash, keyedAuditHash, type AuditedFields, type AuditKeyring } from './audit-chain';
import { AuditChainVerifier, type CaseChainReport, type ChainBreakReason } from './audit-chain.verifier';

/** The audit key of these tests; in a deployment it lives outside the database (AUDIT_KEYS). */
const KEY = { id: 'k1', secret: 'a-test-audit-key-of-at-least-32-characters' };
const KEYS: AuditKeyring = { signingKeyId: 'k1', keys: [KEY] };

interface Batch {
  events: SequencedCaseEvent[];
  view: CaseView;
}

type Step = (state: CaseState) => { now: string; command: CaseCommand };

const T0 = '2025-03-03T02:00:00.000Z';
const T1 = '2025-03-06T02:00:00.000Z';

// Raised, published, reminded by a deadline, claimed and planned: six events in five batches, as
// the workflow would record them.
const lifecycle = (caseId: string): Step[] => [
  () => ({ now: T0, command: raiseCommand({ caseId, category: 'roadAppearance' }) }),
  () => ({ now: T0, command: { type: 'triageCase', actor: actors.laifengTriage, route: 'district' } }),
  (state) => {
    const due = nextDeadline(state);
    if (!due) throw new Error('a published case has a claim deadline');
    return { now: due.dueAt, command: { type: 'deadlineReached', actor: systemActor, deadlineId: due.id } };
  },
  () => ({ now: T1, command: { type: 'claimCase', actor: actors.umHandler } }),
  () => ({
    now: T1,
    command: {
      type: 'submitHandlingPlan',
      actor: actors.umHandler,
      plan: 'Add the branch road to the cleaning contract',
      responsibility: { unit: 'Sanitation team 2', personName: 'Zhang Wei', personId: 'um-zhang' },
    },
  }),
];

/** Drives the domain through the steps and numbers the events the way the workflow does. */
function batchesOf(steps: Step[]): Batch[] {
  let state: CaseState = initialState;
  let seq = 0;
  return steps.map((step) => {
    const { now, command } = step(state);
    const outcome = execute(state, command, { now, directory });
    if (!outcome.ok) throw new Error(`${command.type} rejected: ${outcome.reason}`);
    state = outcome.state;
    return { events: outcome.events.map((event) => ({ seq: ++seq, event })), view: describeCase(state) as CaseView };
  });
}

async function recordCase(db: Database, caseId: string): Promise<number> {
  const repository = new CaseRepository(db, KEYS);
  let recorded = 0;
  for (const { events, view } of batchesOf(lifecycle(caseId))) recorded += await repository.recordEvents(caseId, events, view);
  return recorded;
}

const broken = (caseId: string, seq: number, reason: ChainBreakReason): CaseChainReport => ({
  caseId,
  ok: false,
  firstBroken: { seq, reason },
});

const CASE = 'case-audit-1';
const OTHERS = ['case-audit-2', 'case-audit-3', 'case-audit-4'];

describe('audit hash chain (real SQLite)', () => {
  let pristine: TestDatabase;
  let pristineDb: Database;
  let entryCount: number;
  const copies: string[] = [];

  beforeAll(async () => {
    // SQLite only, even with TEST_DATABASE=postgres: the tampering below uses SQLite's raw SQL
    // (unquoted identifiers, VACUUM INTO file copies). The e2e suite covers PostgreSQL.
    pristine = await createTestDatabase('audit-chain', { provider: 'sqlite' });
    pristineDb = await createDatabase(pristine.url);
    entryCount = await recordCase(pristineDb, CASE);
    for (const id of OTHERS) await recordCase(pristineDb, id);
  }, 60_000);

  afterAll(async () => {
    await pristineDb.$disconnect();
    pristine.remove();
    for (const file of copies) for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  });

  /** Every tampering starts from its own copy of the recorded database. */
  let db: Database;
  let verifier: AuditChainVerifier;
  beforeEach(async () => {
    const file = `${pristine.url.slice('file:'.length)}.copy-${copies.length}.db`;
    copies.push(file);
    await pristineDb.$executeRawUnsafe(`VACUUM INTO '${file}'`);
    db = await createDatabase(`file:${file}`);
    verifier = new AuditChainVerifier(db, KEYS);
  });
  afterEach(() => db.$disconnect());

  const sql = (statement: string, ...values: unknown[]) => db.$executeRawUnsafe(statement, ...values);
  const entry = (seq: number, caseId = CASE) =>
    db.caseTimelineEntry.findUniqueOrThrow({ where: { caseId_seq: { caseId, seq } } });

  it('chains every entry to the one before, from the first', async () => {
    expect(entryCount).toBeGreaterThanOrEqual(6);
    const entries = await db.caseTimelineEntry.findMany({ where: { caseId: CASE }, orderBy: { seq: 'asc' } });
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: entryCount }, (_, i) => i + 1));
    expect(entries[0]?.prevHash).toBe('');
    for (const [i, e] of entries.entries()) {
      expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(e.keyId).toBe('k1');
      expect(e.hash).toBe(keyedAuditHash(e, e.prevHash, KEY));
      if (i > 0) expect(e.prevHash).toBe(entries[i - 1]?.hash);
    }
    expect(entries.some((e) => e.deadlineId !== null)).toBe(true);
    await expect(verifier.verifyCase(CASE)).resolves.toEqual({ caseId: CASE, entries: entryCount, ok: true });
  });

  it('keeps the chain intact when the same batches are recorded again', async () => {
    await expect(recordCase(db, CASE)).resolves.toBe(0);
    await expect(verifier.verifyCase(CASE)).resolves.toEqual({ caseId: CASE, entries: entryCount, ok: true });
  });

  it('refuses a batch whose predecessor is not recorded, rather than chain across a hole', async () => {
    const [raised, , reminded] = batchesOf(lifecycle('case-audit-hole'));
    const repository = new CaseRepository(db, KEYS);
    await repository.recordEvents('case-audit-hole', raised!.events, raised!.view);
    await expect(repository.recordEvents('case-audit-hole', reminded!.events, reminded!.view)).rejects.toThrow(
      /cannot chain event \d+, event \d+ is not recorded/,
    );
    await expect(verifier.verifyCase('case-audit-hole')).resolves.toMatchObject({ ok: true });
  });

  it('(a) finds an entry whose data was edited', async () => {
    await sql(`UPDATE CaseTimelineEntry SET data = replace(data, 'branch road', 'main road') WHERE caseId = ? AND seq = 1`, CASE);
    expect((await entry(1)).data).toContain('main road');
    await expect(verifier.verifyCase(CASE)).resolves.toEqual(broken(CASE, 1, 'hash-mismatch'));
  });

  it('(b) finds an entry whose time was moved', async () => {
    const original = await entry(3);
    // Rewritten in the column's own text form, so the change is a day and nothing else.
    await sql(`UPDATE CaseTimelineEntry SET at = strftime('%Y-%m-%dT%H:%M:%f', at, '-1 day') || '+00:00' WHERE caseId = ? AND seq = 3`, CASE);
    expect(await entry(3)).toEqual({ ...original, at: new Date(original.at.getTime() - 86_400_000) });
    await expect(verifier.verifyCase(CASE)).resolves.toEqual(broken(CASE, 3, 'hash-mismatch'));
  });

  it('(c) finds a deleted middle entry at its seq', async () => {
    await sql(`DELETE FROM CaseTimelineEntry WHERE caseId = ? AND seq = 3`, CASE);
    await expect(verifier.verifyCase(CASE)).resolves.toEqual(broken(CASE, 3, 'seq-gap'));
  });

  it('(d) finds two entries swapped', async () => {
    await sql(`UPDATE CaseTimelineEntry SET seq = -1 WHERE caseId = ? AND seq = 4`, CASE);
    await sql(`UPDATE CaseTimelineEntry SET seq = 4 WHERE caseId = ? AND seq = 5`, CASE);
    await sql(`UPDATE CaseTimelineEntry SET seq = 5 WHERE caseId = ? AND seq = -1`, CASE);
    await expect(verifier.verifyCase(CASE)).resolves.toEqual(broken(CASE, 4, 'prev-hash-mismatch'));
  });

  it('(e) finds a forged last entry that hashes correctly but does not link', async () => {
    const last = await entry(entryCount);
    const forged: AuditedFields = { ...last, data: last.data.replace('Zhang Wei', 'Nobody') };
    const wrongPrevHash = (await entry(entryCount - 2)).hash;
    await sql(`DELETE FROM CaseTimelineEntry WHERE caseId = ? AND seq = ?`, CASE, entryCount);
    await sql(
      `INSERT INTO CaseTimelineEntry (caseId, seq, eventId, type, at, actorId, actorRole, deadlineId, data, prevHash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ...[forged.caseId, forged.seq, forged.eventId, forged.type, forged.at.toISOString(), forged.actorId, forged.actorRole],
      ...[forged.deadlineId, forged.data, wrongPrevHash, keyedAuditHash(forged, wrongPrevHash, KEY)],
    );
    expect((await entry(entryCount)).data).toContain('Nobody');
    await expect(verifier.verifyCase(CASE)).resolves.toEqual(broken(CASE, entryCount, 'prev-hash-mismatch'));
  });

  it('(f) finds an entry rewritten with a recomputed hash (even with the key) at the entry after it', async () => {
    const target = await entry(2);
    const rewritten: AuditedFields = { ...target, actorId: 'someone-else' };
    await sql(
      `UPDATE CaseTimelineEntry SET actorId = ?, hash = ? WHERE caseId = ? AND seq = 2`,
      rewritten.actorId,
      keyedAuditHash(rewritten, target.prevHash, KEY),
      CASE,
    );
    await expect(verifier.verifyCase(CASE)).resolves.toEqual(broken(CASE, 3, 'prev-hash-mismatch'));
  });

  it('(g) fails a chain rewritten and recomputed by whoever writes the database but holds no key', async () => {
    // The database writer's best: change a row, then recompute every hash after it with SQL-side
    // SHA-256 (the unkeyed format), keeping or blanking the key id. Without the key it cannot pass.
    const entries = await db.caseTimelineEntry.findMany({ where: { caseId: CASE }, orderBy: { seq: 'asc' } });
    for (const keyId of ['k1', '']) {
      let prev = '';
      for (const e of entries) {
        const fields: AuditedFields = e.seq === 2 ? { ...e, actorId: 'someone-else' } : e;
        const hash = auditHash(fields, prev);
        await sql(
          `UPDATE CaseTimelineEntry SET actorId = ?, prevHash = ?, hash = ?, keyId = ? WHERE caseId = ? AND seq = ?`,
          fields.actorId,
          prev,
          hash,
          keyId,
          CASE,
          e.seq,
        );
        prev = hash;
      }
      await expect(verifier.verifyCase(CASE)).resolves.toEqual(broken(CASE, 1, keyId === '' ? 'unkeyed' : 'hash-mismatch'));
    }
    // And a key the verifier does not hold is no key.
    await sql(`UPDATE CaseTimelineEntry SET keyId = 'stolen' WHERE caseId = ?`, CASE);
    await expect(verifier.verifyCase(CASE)).resolves.toEqual(broken(CASE, 1, 'unknown-key'));
  });

  it('(h) fails a chain rewritten and recomputed WITH the key, by its head anchored outside the database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bishan-anchors-'));
    try {
      const file = join(dir, 'anchors.jsonl');
      const published: string[] = [];
      const anchoring = new AuditAnchoring(db, file, { publish: async (lines) => void published.push(...lines) });
      const { written } = await anchoring.anchorOnce();
      expect(written).toHaveLength(1);
      expect(published).toEqual(written);
      expect(readFileSync(file, 'utf8')).toBe(`${written[0]}\n`);

      // The attacker holds the audit key: rewrite entry 2, recompute every hash after it, write it back.
      const entries = await db.caseTimelineEntry.findMany({ where: { caseId: CASE }, orderBy: { seq: 'asc' } });
      let prev = '';
      for (const e of entries) {
        const fields: AuditedFields = e.seq === 2 ? { ...e, actorId: 'someone-else' } : e;
        const hash = keyedAuditHash(fields, prev, KEY);
        await sql(`UPDATE CaseTimelineEntry SET actorId = ?, prevHash = ?, hash = ? WHERE caseId = ? AND seq = ?`, fields.actorId, prev, hash, CASE, e.seq);
        prev = hash;
      }
      // The key alone cannot tell: the chain holds together.
      await expect(verifier.verifyCase(CASE)).resolves.toEqual({ caseId: CASE, entries: entryCount, ok: true });
      // Its head no longer matches the anchor.
      const anchored = new AuditChainVerifier(db, KEYS, await readAnchors(file));
      await expect(anchored.verifyCase(CASE)).resolves.toEqual(broken(CASE, entryCount, 'anchor-mismatch'));

      // A case deleted whole, read-model row and trail, is missed by the walk over cases but not by its anchor.
      await sql(`DELETE FROM CaseTimelineEntry WHERE caseId = ?`, OTHERS[1]);
      await sql(`DELETE FROM "Case" WHERE id = ?`, OTHERS[1]);
      const summary = await anchored.verifyAll({ batchSize: 2 });
      expect(summary).toMatchObject({
        checked: 4,
        intact: 2,
        broken: [
          { caseId: CASE, firstBroken: { seq: entryCount, reason: 'anchor-mismatch' } },
          { caseId: OTHERS[1], firstBroken: { seq: expect.any(Number), reason: 'anchor-mismatch' } },
        ],
        anchors: { file, present: true, lines: 1, casesAnchored: 4, broken: null },
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('anchors only the chains that moved, keeps a chain that grew past its anchor intact, and reports an edited anchor file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bishan-anchors-'));
    try {
      const file = join(dir, 'anchors.jsonl');
      const repository = new CaseRepository(db, KEYS);
      const [raised, triaged, ...rest] = batchesOf(lifecycle('case-audit-later'));
      for (const { events, view } of [raised!, triaged!]) await repository.recordEvents('case-audit-later', events, view);
      await new AuditAnchoring(db, file).anchorOnce();
      // The case moves on after the anchor: the next run (no overlap here) anchors its new head alone.
      for (const { events, view } of rest) await repository.recordEvents('case-audit-later', events, view);
      const more = new AuditAnchoring(db, file, { overlapMs: 0 });
      const { written } = await more.anchorOnce(new Date());
      expect(written).toHaveLength(1);
      expect(JSON.parse(written[0] ?? '').cases.map((h: [string, number]) => h.slice(0, 2))).toEqual([['case-audit-later', entryCount]]);
      expect((await more.anchorOnce(new Date())).written).toEqual([]);
      const anchors = await readAnchors(file);
      expect(anchors).toMatchObject({ lines: 2, broken: null });
      await expect(new AuditChainVerifier(db, KEYS, anchors).verifyAll()).resolves.toMatchObject({ checked: 5, intact: 5, broken: [] });

      // The file is a chain of its own: a line dropped (or edited) shows.
      const [first, second] = readFileSync(file, 'utf8').trim().split('\n');
      writeFileSync(file, `${second}\n`);
      expect((await readAnchors(file)).broken).toEqual({ line: 1, reason: 'prev-mismatch' });
      writeFileSync(file, `${first?.replace('case-audit-1', 'case-audit-X')}\n${second}\n`);
      expect((await readAnchors(file)).broken).toEqual({ line: 2, reason: 'prev-mismatch' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('publishes lines held back in publishes the broker takes, and what a failed publish left with the next run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bishan-anchors-'));
    try {
      const file = join(dir, 'anchors.jsonl');
      // One line per case, and a publish budget one line fills: every publish carries one line.
      const calls: string[][] = [];
      let refuseFrom = 2;
      const publish = async (lines: string[]) => {
        if (calls.length + 1 >= refuseFrom) throw new Error('MESSAGE_TOO_LARGE');
        calls.push(lines);
      };
      const anchoring = new AuditAnchoring(db, file, { publish, headsPerLine: 1, publishBytes: 1, overlapMs: 0 });
      const first = await anchoring.anchorOnce(new Date());
      expect(first.written.length).toBe(1 + OTHERS.length);
      expect(first).toMatchObject({ published: 1, publishError: 'MESSAGE_TOO_LARGE' });

      // Nothing moved since; the next run sends what the refused publish left, in order, once each.
      refuseFrom = Infinity;
      const next = await anchoring.anchorOnce(new Date());
      expect(next).toEqual({ written: [], published: first.written.length - 1 });
      expect(calls.every((lines) => lines.length === 1)).toBe(true);
      expect(calls.flat()).toEqual(first.written);
      expect(await anchoring.anchorOnce(new Date())).toEqual({ written: [], published: 0 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finds a blanked hash', async () => {
    await sql(`UPDATE CaseTimelineEntry SET hash = '' WHERE caseId = ? AND seq = 2`, CASE);
    await expect(verifier.verifyCase(CASE)).resolves.toEqual(broken(CASE, 2, 'missing-hash'));
  });

  it('finds a deleted tail by the read model, past the last remaining entry', async () => {
    await sql(`DELETE FROM CaseTimelineEntry WHERE caseId = ? AND seq = ?`, CASE, entryCount);
    await expect(verifier.verifyCase(CASE)).resolves.toEqual(broken(CASE, entryCount, 'truncated'));
  });

  it('finds a case whose whole trail was deleted', async () => {
    await sql(`DELETE FROM CaseTimelineEntry WHERE caseId = ?`, CASE);
    await expect(verifier.verifyCase(CASE)).resolves.toEqual(broken(CASE, 1, 'no-entries'));
  });

  it('verifies every case page by page and names exactly the tampered ones', async () => {
    await sql(`UPDATE CaseTimelineEntry SET type = 'caseClosed' WHERE caseId = ? AND seq = 2`, OTHERS[0]);
    await sql(`DELETE FROM CaseTimelineEntry WHERE caseId = ? AND seq = 1`, OTHERS[2]);
    const progress: unknown[] = [];

    const summary = await verifier.verifyAll({ batchSize: 3, onProgress: (p) => progress.push(p) });

    expect(summary).toEqual({
      checked: 4,
      intact: 2,
      broken: [
        { caseId: OTHERS[0], firstBroken: { seq: 2, reason: 'hash-mismatch' } },
        { caseId: OTHERS[2], firstBroken: { seq: 1, reason: 'seq-gap' } },
      ],
    });
    expect(progress).toEqual([
      { checked: 3, broken: 1 },
      { checked: 4, broken: 2 },
    ]);
  });

  it('reports every chain intact when nothing was touched', async () => {
    await expect(verifier.verifyAll({ batchSize: 2 })).resolves.toEqual({ checked: 4, intact: 4, broken: [] });
  });
});
