import type { Client } from '@temporalio/client';
import type { Database } from '@bishan/db';
import { waitFor } from '@bishan/testing';

/** Events a case may have at most once on its way round the loop (no reopening in these tests). */
const once = [
  'caseRaised',
  'caseResolvedOnSpot',
  'caseEnteredLedger',
  'casePublished',
  'caseClaimed',
  'handlingPlanSubmitted',
  'resultReported',
  'feedbackGiven',
  'caseRated',
  'caseClosed',
];

/**
 * What "no effect applied twice, nothing lost" means in the database, case by case: the timeline
 * numbered 1..n without a gap, no once-only step twice, exactly one closing for a closed case,
 * the read model agreeing, and one outbox row for every timeline entry (same event ids).
 * Returns the problems found, empty when all hold.
 */
export async function auditCases(db: Database, caseIds: readonly string[]): Promise<string[]> {
  const problems: string[] = [];
  const entries = await db.caseTimelineEntry.findMany({
    where: { caseId: { in: [...caseIds] } },
    select: { caseId: true, seq: true, type: true, eventId: true },
  });
  const outbox = new Set(
    (await db.outboxEvent.findMany({ select: { eventId: true } })).map((o) => o.eventId),
  );
  const rows = new Map(
    (await db.case.findMany({ where: { id: { in: [...caseIds] } }, select: { id: true, status: true } })).map(
      (c) => [c.id, c.status],
    ),
  );
  const byCase = new Map<string, { seq: number; type: string; eventId: string }[]>();
  for (const e of entries) byCase.set(e.caseId, [...(byCase.get(e.caseId) ?? []), e]);
  for (const id of caseIds) {
    const timeline = (byCase.get(id) ?? []).sort((a, b) => a.seq - b.seq);
    if (timeline.length === 0) {
      problems.push(`${id}: no timeline`);
      continue;
    }
    timeline.forEach((e, i) => {
      if (e.seq !== i + 1) problems.push(`${id}: timeline seq ${e.seq} at position ${i + 1}`);
      if (!outbox.has(e.eventId)) problems.push(`${id}: event ${e.eventId} (${e.type}) has no outbox row`);
    });
    for (const type of once) {
      const n = timeline.filter((e) => e.type === type).length;
      if (n > 1) problems.push(`${id}: ${type} ${n} times`);
    }
    const status = rows.get(id);
    if (status !== 'closed') problems.push(`${id}: read model status ${status ?? 'missing'}`);
    if (timeline.filter((e) => e.type === 'caseClosed').length !== 1)
      problems.push(`${id}: not closed exactly once`);
  }
  return problems;
}

/**
 * Waits until every outbox event has been applied by each consumer — or until nothing has moved for
 * a minute (an event dead-lettered will never be applied) — then checks that none is missing and
 * none was applied twice.
 */
export async function auditConsumers(
  db: Database,
  consumers: readonly string[],
  timeoutMs: number,
): Promise<string[]> {
  const progress = async () => {
    const events = await db.outboxEvent.count();
    const unpublished = await db.outboxEvent.count({ where: { publishedAt: null } });
    const applied: number[] = [];
    for (const consumer of consumers) applied.push(await db.processedEvent.count({ where: { consumer } }));
    return {
      done: unpublished === 0 && applied.every((n) => n >= events),
      key: [events, unpublished, ...applied].join(','),
    };
  };
  let lastKey = '';
  let lastChange = Date.now();
  await waitFor(
    async () => {
      const { done, key } = await progress();
      if (done) return true;
      if (key !== lastKey) [lastKey, lastChange] = [key, Date.now()];
      return Date.now() - lastChange > 60_000 ? true : undefined;
    },
    { description: `${consumers.join(' and ')} to apply every event`, timeoutMs, intervalMs: 1_000 },
  );
  const problems: string[] = [];
  const outbox = new Set(
    (await db.outboxEvent.findMany({ select: { eventId: true } })).map((o) => o.eventId),
  );
  for (const consumer of consumers) {
    const applied = (
      await db.processedEvent.findMany({ where: { consumer }, select: { eventId: true } })
    ).map((p) => p.eventId);
    const appliedSet = new Set(applied);
    const missing = [...outbox].filter((id) => !appliedSet.has(id));
    if (missing.length)
      problems.push(`${consumer}: ${missing.length} events never applied (e.g. ${missing[0]})`);
    if (appliedSet.size !== applied.length) problems.push(`${consumer}: an event recorded as applied twice`);
    const unknown = applied.filter((id) => !outbox.has(id));
    if (unknown.length) problems.push(`${consumer}: ${unknown.length} applied events not in the outbox`);
  }
  // Notification's effect: one message per event and recipient.
  const messages = await db.notificationMessage.findMany({
    select: { eventId: true, recipient: true, kind: true },
  });
  const keys = messages.map((m) => `${m.eventId} ${m.recipient} ${m.kind}`);
  if (new Set(keys).size !== keys.length)
    problems.push('notification: a message sent twice for the same event and recipient');
  return problems;
}

/** Waits until no workflow of the task queue is still running, then returns the closed ones' statuses. */
export async function workflowOutcomes(
  temporal: Client,
  taskQueue: string,
  timeoutMs: number,
): Promise<Record<string, number>> {
  await waitFor(
    async () =>
      (await temporal.workflow.count(`TaskQueue = "${taskQueue}" AND ExecutionStatus = "Running"`)).count ===
      0
        ? true
        : undefined,
    { description: `every workflow on ${taskQueue} to finish`, timeoutMs, intervalMs: 1_000 },
  );
  const outcomes: Record<string, number> = {};
  for await (const execution of temporal.workflow.list({ query: `TaskQueue = "${taskQueue}"` })) {
    outcomes[execution.status.name] = (outcomes[execution.status.name] ?? 0) + 1;
  }
  return outcomes;
}
