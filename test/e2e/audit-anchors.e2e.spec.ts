import { readFileSync, existsSync } from 'node:fs';
import { developmentAuditKey, loadConfig } from '@bishan/config';
import { AUDIT_ANCHOR_TOPIC, createDatabase, keyedAuditHash } from '@bishan/db';
import { createKafka, readDeadLetters } from '@bishan/messaging';
import { startTestStack, waitFor, type TestStack } from '@bishan/testing';
import { actors, getJson, postJson, tangledLinesCase, tokenFor } from './bishan-actors';

type Verified = { checked: number; broken: { caseId: string; firstBroken: { seq: number; reason: string } }[]; anchors: { present: boolean; lines: number; broken: unknown } };

/**
 * The case worker anchors the audit chains' heads outside the database — its append-only file and
 * the anchor topic — and the admin verification checks them: a chain rewritten and recomputed with
 * the audit key holds together, but its head no longer matches its anchor.
 */
describe('audit anchors, on the real stack', () => {
  let stack: TestStack;
  let api: string;

  beforeAll(async () => {
    stack = await startTestStack({
      label: 'audit-anchors',
      services: ['case-api', 'case-worker'],
      env: { AUDIT_ANCHOR_INTERVAL_SECONDS: '1' },
    });
    api = stack.service('case-api').url;
  }, 180_000);

  afterAll(() => stack?.stop());

  it('anchors a new case to the file and the topic, and reports its chain rewritten with the key', async () => {
    const secretary = await tokenFor(api, actors.dengfengSecretary);
    const raised = await postJson(`${api}/cases`, tangledLinesCase(), secretary);
    expect(raised.status).toBe(201);
    const caseId: string = raised.body.id;

    const file = stack.env['AUDIT_ANCHOR_FILE'] ?? '';
    const anchored = await waitFor(
      async () => {
        if (!existsSync(file)) return undefined;
        const lines = readFileSync(file, 'utf8').trim().split('\n');
        return lines.find((line) => line.includes(`"${caseId}"`));
      },
      { description: 'the case anchored in the file', timeoutMs: 60_000, intervalMs: 500 },
    );
    const [, seq, hash] = (JSON.parse(anchored).cases as [string, number, string][]).find(([id]) => id === caseId) ?? [];
    expect(hash).toMatch(/^[0-9a-f]{64}$/);

    // The same line on the anchor topic.
    const kafka = createKafka({ ...loadConfig(stack.env).kafka, clientId: 'audit-anchors-e2e' });
    const topic = `${stack.env['KAFKA_TOPIC_PREFIX'] ?? ''}${AUDIT_ANCHOR_TOPIC}`;
    await waitFor(
      async () => ((await readDeadLetters(kafka, topic)).some((message) => message.value === anchored) ? true : undefined),
      { description: 'the anchor on the topic', timeoutMs: 60_000, intervalMs: 1000 },
    );

    const admin = await tokenFor(api, actors.admin);
    const before = await getJson<Verified>(`${api}/admin/audit/verify`, admin);
    expect(before).toMatchObject({ broken: [], anchors: { present: true, broken: null } });
    expect(before.anchors.lines).toBeGreaterThan(0);

    // On PostgreSQL the timeline refuses the rewrite itself; on SQLite, rewrite and recompute with the key.
    if (!stack.db.url.startsWith('file:')) return;
    const db = await createDatabase(stack.db.url);
    try {
      const entries = await db.caseTimelineEntry.findMany({ where: { caseId }, orderBy: { seq: 'asc' } });
      let prev = '';
      for (const e of entries) {
        const next = keyedAuditHash({ ...e, actorId: e.seq === 1 ? 'someone-else' : e.actorId }, prev, developmentAuditKey);
        await db.$executeRawUnsafe(
          `UPDATE CaseTimelineEntry SET actorId = ?, prevHash = ?, hash = ? WHERE caseId = ? AND seq = ?`,
          e.seq === 1 ? 'someone-else' : e.actorId,
          prev,
          next,
          caseId,
          e.seq,
        );
        prev = next;
      }
    } finally {
      await db.$disconnect();
    }
    const report = await getJson<{ ok: boolean; firstBroken?: { seq: number; reason: string } }>(`${api}/admin/audit/cases/${caseId}/verify`, admin);
    expect(report).toMatchObject({ ok: false, firstBroken: { reason: 'anchor-mismatch' } });
    expect(report.firstBroken?.seq).toBeGreaterThanOrEqual(seq ?? 0);
  });
});
