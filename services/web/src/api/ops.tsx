import type { CaseStatus, DeadlineKind } from '@bishan/domain';
import type { WorkflowExecutionStatus } from '../labels/ops-labels';
import { apiRequest, caseApi, queryString } from './client';

/** GET /ops/overview of the case API (admin only). */
export interface OpsOverview {
  workflows: { status: WorkflowExecutionStatus; count: number | null; error?: string }[];
  pendingDeadlines: { caseId: string; workflowId: string; status: CaseStatus; dueAt: string; kind: DeadlineKind | null }[];
  outbox: {
    backlog: number;
    oldestOccurredAt: string | null;
    failing: number;
    /** Events the broker kept refusing, set aside by the relay; later events of their key wait behind them. */
    parked: { total: number; waitingBehind: number; items: ParkedEvent[] };
  };
  /** Activities whose latest attempt failed (the case worker's interceptor keeps these rows). */
  failingActivities: { total: number; items: FailingActivity[] };
  /** Recorded cases whose workflow has not started yet (Temporal was away); the case worker starts them. */
  startsPending: { total: number; items: WaitingCaseStart[] };
  consumers: { groupId: string; topic: string; lag: number; partitions: number }[];
  deadLetters: { topic: string; messages: number }[];
  kafkaError: string | null;
  /** Ready-made searches over the case workflows' search attributes (see caseSearchQueries). */
  caseSearches: CaseSearch[];
  temporalUiUrl: string;
  namespace: string;
}

/** One visibility query: how many open cases it finds now (null when visibility cannot count). */
export interface CaseSearch {
  search: 'stuckInTriage' | 'escalatedToTopLeaders' | 'overdueInDepartment';
  query: string;
  count: number | null;
  /** For overdueInDepartment: the department. */
  departmentId: string | null;
}

export interface ParkedEvent {
  eventId: string;
  /** The wire name (`case.raised`); `caseEventType` is the domain's (`caseRaised`) for a case event. */
  type: string;
  caseEventType: string | null;
  topic: string;
  key: string;
  /** The key when it is a case's id (a meeting's events are keyed by the meeting). */
  caseId: string | null;
  occurredAt: string;
  attempts: number;
  refusals: number;
  lastError: string | null;
  parkedAt: string;
}

export interface WaitingCaseStart {
  caseId: string;
  createdAt: string;
  attempts: number;
  lastError: string | null;
}

export interface FailingActivity {
  workflowId: string;
  runId: string;
  caseId: string | null;
  activityType: string;
  activityId: string;
  attempt: number;
  lastError: string;
  retrying: boolean;
  /** False once the workflow ended (terminated, failed): the row is history; null when unknown. */
  workflowRunning: boolean | null;
  firstFailedAt: string;
  lastFailedAt: string;
}

/**
 * One message on the deployment's dead-letter topic (`case.events.v1.dead-letter`), as the
 * notification service lists it (GET /admin/dead-letters, admin only). Every consumer of the case
 * events (read model, notification, reporting) and the notification deliveries park there, so this
 * one list is every dead letter there is.
 */
export interface DeadLetter {
  id: string;
  partition: number;
  offset: string;
  key: string;
  value: string;
  headers: Record<string, string>;
  timestamp: string;
  reason: string | null;
  source: string | null;
}

export interface ReplayOutcome {
  replayed: string[];
  rearmed: string[];
  unknown: string[];
}

export const opsApi = {
  overview: (signal?: AbortSignal) => caseApi.get<OpsOverview>(`/ops/overview${queryString({ withinHours: 24 })}`, signal),
  /** Newest first: the topic keeps every letter ever parked, the latest matter most. */
  deadLetters: async (signal?: AbortSignal) =>
    (await apiRequest<DeadLetter[]>('notification', '/admin/dead-letters', { signal })).sort((a, b) => b.timestamp.localeCompare(a.timestamp)),
  replay: (ids: string[]) => apiRequest<ReplayOutcome>('notification', '/admin/dead-letters/replay', { method: 'POST', body: { ids } }),
  /** Puts parked outbox events back in line (admin only): the relay tries each again. */
  retryParked: (eventIds: string[]) =>
    caseApi.post<{ retried: string[]; notParked: string[] }>('/ops/outbox/retry', { eventIds }),
};

/** What a dead letter carries, for a person: a case event's type, or a delivery's channel and target. */
export function deadLetterSummary(letter: DeadLetter): string {
  try {
    const value = JSON.parse(letter.value) as { type?: string; channel?: string; target?: string; deliveryId?: string };
    if (value.deliveryId) return [value.channel, value.target].filter(Boolean).join(' → ');
    if (value.type) return value.type;
  } catch {
    // Not JSON (a poison message): show its beginning.
  }
  return letter.value.slice(0, 80);
}
