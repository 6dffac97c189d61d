import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

const EventType = temporal.api.enums.v1.EventType;

/** One deadline of a case as its workflow history shows it. */
export interface FiredDeadline {
  caseId: string;
  deadlineId: string;
  type: string;
  /** The due instant: deadline events are dated at their deadline (ms since epoch). */
  dueMs: number;
  /** When the activity recording the deadline's events completed: read model, timeline and outbox committed. */
  committedMs: number;
}

function timeOf(event: temporal.api.history.v1.IHistoryEvent): number {
  const t = event.eventTime;
  if (!t) return Number.NaN;
  return Number(t.seconds ?? 0) * 1000 + Math.floor((t.nanos ?? 0) / 1e6);
}

function decodePayload(payload: temporal.api.common.v1.IPayload | null | undefined): unknown {
  if (!payload?.data) return undefined;
  return JSON.parse(Buffer.from(payload.data).toString('utf8'));
}

/**
 * The deadlines a case workflow fired, from its history: each `recordCaseEvents` activity whose input
 * holds events naming a `deadlineId` (the events a timer caused, dated at the deadline), with the
 * time that activity completed.
 */
export async function firedDeadlines(client: Client, caseId: string): Promise<FiredDeadline[]> {
  const history = await client.workflow.getHandle(caseId).fetchHistory();
  const scheduled = new Map<string, { deadlineId: string; type: string; dueMs: number }[]>();
  const fired: FiredDeadline[] = [];
  for (const event of history.events ?? []) {
    if (event.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) {
      const attributes = event.activityTaskScheduledEventAttributes;
      if (attributes?.activityType?.name !== 'recordCaseEvents') continue;
      const input = decodePayload(attributes.input?.payloads?.[0]) as
        { events?: { event: { type: string; at: string; deadlineId?: string } }[] } | undefined;
      const deadlines = (input?.events ?? [])
        .filter((e) => e.event.deadlineId)
        .map((e) => ({
          deadlineId: e.event.deadlineId as string,
          type: e.event.type,
          dueMs: Date.parse(e.event.at),
        }));
      if (deadlines.length) scheduled.set(String(event.eventId), deadlines);
    } else if (event.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED) {
      const id = String(event.activityTaskCompletedEventAttributes?.scheduledEventId);
      for (const d of scheduled.get(id) ?? []) fired.push({ caseId, ...d, committedMs: timeOf(event) });
    }
  }
  // One deadline may cause several events in one batch: count it once, by its first event.
  const seen = new Set<string>();
  return fired.filter((f) => (seen.has(f.deadlineId) ? false : (seen.add(f.deadlineId), true)));
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
