import type { CaseActionType, CaseStatus as DomainCaseStatus, CaseView, LikelyDuplicate } from '@bishan/domain';
import { caseApi, queryString } from './client';

// The case as the domain describes it: the console keeps no copy of its shape.
export type { CaseView, DeadlineView } from '@bishan/domain';

/** A raised case's status (the read model never holds 'notRaised'). */
export type CaseStatus = Exclude<DomainCaseStatus, 'notRaised' | 'raised'>;

/** A row of the ledger (GET /cases). */
export interface LedgerRow {
  id: string;
  category: string;
  description: string;
  complexity: string;
  channel: string;
  townId: string;
  villageId: string;
  courtyardId: string | null;
  status: CaseStatus;
  policyVersion: string;
  handlerLevel: string | null;
  handlerUnitId: string | null;
  escalationLevel: number;
  overdue: boolean;
  concentrated: boolean;
  /** An extension request awaits a supervisor's decision. */
  pendingExtension: boolean;
  /** A pause awaits the supervising leader's approval. */
  pendingPause: boolean;
  openInstructions: number;
  /** The latest escalation has not been acknowledged by anyone it went to. */
  escalationUnseen: boolean;
  /** A deadline was counted Monday–Friday past the end of the holiday data. */
  provisionalDeadlines: boolean;
  paused: boolean;
  resolvedOnSpot: boolean;
  nextDeadlineAt: string | null;
  nextDeadlineKind: string | null;
  reopenCount: number;
  rating: string | null;
  closure: string | null;
  raisedAt: string;
  closedAt: string | null;
  /** What the signed-in person may do on the case now (the domain's availableActions): the buttons offered. */
  availableActions: CaseActionType[];
}

/** GET /cases/:id: the read-model row with the case view. */
export interface CaseRecord extends LedgerRow {
  reporterIds: string[];
  workflowId?: string;
  view: CaseView;
  /** Staff only, while the case is open: open cases the reader may see that probably report the same thing. */
  likelyDuplicates?: LikelyDuplicate[];
  likelyDuplicateCount?: number;
  /** Staff only: recorded while Temporal was away, its workflow not started yet (the worker starts it). */
  startPending?: boolean;
}

/** POST /cases: the case as recorded, and the open cases it probably repeats (among the raiser's own). */
export interface RaisedCase {
  id: string;
  status: CaseStatus;
  startPending: boolean;
  /** The earliest few, by id and time; `likelyDuplicateCount` counts them all. */
  likelyDuplicates: LikelyDuplicate[];
  likelyDuplicateCount: number;
}

export interface TimelineEntry {
  seq: number;
  eventId: string;
  type: string;
  at: string;
  actorId: string;
  actorRole: string;
  deadlineId: string | null;
  /** The domain event; absent in a resident's timeline, which carries only the public texts below. */
  event?: { type: string; at: string; actor?: { id: string; role: string; name?: string }; [key: string]: unknown };
  /** A resident's timeline: the entry is the resident's own act. */
  byMe?: boolean;
  summary?: string;
  note?: string;
  rating?: string;
  comment?: string;
}

export interface LedgerPage {
  items: LedgerRow[];
  total: number;
  limit: number;
  offset: number;
}

export interface LedgerFilter {
  level?: string;
  townId?: string;
  villageId?: string;
  departmentId?: string;
  status?: CaseStatus;
  category?: string;
  overdue?: boolean;
  escalated?: boolean;
  meetingId?: string;
  concentrated?: boolean;
  pendingExtension?: boolean;
  pendingPause?: boolean;
  escalationUnseen?: boolean;
  provisionalDeadlines?: boolean;
  from?: string;
  to?: string;
  sort?: string;
  limit?: number;
  offset?: number;
}

export const casesApi = {
  ledger: (filter: LedgerFilter, signal?: AbortSignal) =>
    caseApi.get<LedgerPage>(`/cases${queryString({ ...filter })}`, signal),
  /** `minSeq`: the eventSeq one's own action answered with; the read waits until it is recorded. */
  get: (id: string, signal?: AbortSignal, minSeq = 0) =>
    caseApi.get<CaseRecord>(`/cases/${encodeURIComponent(id)}${minSeq ? `?minSeq=${minSeq}` : ''}`, signal),
  timeline: (id: string, signal?: AbortSignal, minSeq = 0) =>
    caseApi.get<TimelineEntry[]>(`/cases/${encodeURIComponent(id)}/timeline${minSeq ? `?minSeq=${minSeq}` : ''}`, signal),
  raise: (body: unknown, idempotencyKey: string) => caseApi.post<RaisedCase>('/cases', body, idempotencyKey),
  /** Answers once the case's workflow has decided: its view and the sequence of its last event. */
  act: (id: string, action: string, body: unknown, idempotencyKey?: string) =>
    caseApi.post<{ view: CaseView; eventSeq: number }>(`/cases/${encodeURIComponent(id)}/actions/${action}`, body, idempotencyKey),
};
