import type { Client } from '@temporalio/client';
import type { Database } from '@bishan/db';
import { temporal } from '@temporalio/proto';

const EventType = temporal.api.enums.v1.EventType;

/** One deadline of a case as its audit timeline shows it. */
export interface FiredDeadline {
  caseId: string;
  deadlineId: string;
  type: string;
  /** The due instant: deadline events are dated at their deadline (ms since epoch). */
  dueMs: number;
  /** When the deadline's events were written: read model, timeline and outbox in one transaction. */
  committedMs: number;
}

function timeOf(event: temporal.api.history.v1.IHistoryEvent): number {
  const t = event.eventTime;
  if (!t) return Number.NaN;
  return Number(t.seconds ?? 0) * 1000 + Math.floor((t.nanos ?? 0) / 1e6);
}

/**
 * The deadlines these cases fired, from the timeline: entries naming a `deadlineId` are the events a
 * timer caused, dated (`at`) at the deadline and stamped (`recordedAt`) in the transaction that
 * wrote them. A deadline that caused several events counts once, by its first.
 */
export async function firedDeadlines(db: Database, caseIds: readonly string[]): Promise<FiredDeadline[]> {
  const fired: FiredDeadline[] = [];
  for (let i = 0; i < caseIds.length; i += 500) {
    const entries = await db.caseTimelineEntry.findMany({
      where: { caseId: { in: caseIds.slice(i, i + 500) }, deadlineId: { not: null } },
      orderBy: [{ caseId: 'asc' }, { seq: 'asc' }],
      select: { caseId: true, deadlineId: true, type: true, at: true, recordedAt: true },
    });
    const seen = new Set<string>();
    for (const e of entries) {
      const key = `${e.caseId}/${e.deadlineId}`;
      if (seen.has(key) || !e.recordedAt) continue;
      seen.add(key);
      fired.push({
        caseId: e.caseId,
        deadlineId: e.deadlineId as string,
        type: e.type,
        dueMs: e.at.getTime(),
        committedMs: e.recordedAt.getTime(),
      });
    }
  }
  return fired;
}

/**
 * Where a deadline's lateness arose, from the workflow's history: a timer is relative, started when
 * the workflow task that asked for it completed, so it is "set late" by that task's time in the
 * worker (the workflow computed its length from the task's start); then the server fires it (`fired`,
 * against its planned instant). Of the timers that fired, the one planned nearest `dueMs` is taken.
 */
export async function timerTiming(
  client: Client,
  workflowId: string,
  dueMs: number,
): Promise<{ setLateMs: number; firedLateMs: number; firedMs: number } | undefined> {
  const events = (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  const byId = new Map(events.map((e) => [Number(e.eventId), e]));
  let best: { setLateMs: number; firedLateMs: number; firedMs: number } | undefined;
  for (const fired of events) {
    if (fired.eventType !== EventType.EVENT_TYPE_TIMER_FIRED) continue;
    const started = byId.get(Number(fired.timerFiredEventAttributes?.startedEventId));
    const length = started?.timerStartedEventAttributes?.startToFireTimeout;
    if (!started || !length) continue;
    const plannedMs = timeOf(started) + Number(length.seconds ?? 0) * 1000 + Math.floor((length.nanos ?? 0) / 1e6);
    const candidate = { setLateMs: plannedMs - dueMs, firedLateMs: timeOf(fired) - plannedMs, firedMs: timeOf(fired) };
    if (!best || Math.abs(candidate.setLateMs) < Math.abs(best.setLateMs)) best = candidate;
  }
  return best;
}

/** When a baseline sleeping workflow's no-op activity completed. */
export async function bareCompletedAt(client: Client, workflowId: string): Promise<number | undefined> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const completed = (history.events ?? []).find(
    (e) => e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED,
  );
  return completed ? timeOf(completed) : undefined;
}

export async function stateTransitions(client: Client, workflowId: string): Promise<number> {
  const described = await client.workflowService.describeWorkflowExecution({
    namespace: client.options.namespace,
    execution: { workflowId },
  });
  return Number(described.workflowExecutionInfo?.stateTransitionCount ?? 0);
}

/** Runs `work` over `items` with at most `limit` at a time. */
export async function inBatches<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index] as T);
      }
    }),
  );
  return results;
}
