import { caseApi, queryString } from './client';

export type CaseStatus = 'inLedger' | 'published' | 'claimed' | 'handling' | 'resultReported' | 'awaitingRating' | 'closed';

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
  paused: boolean;
  resolvedOnSpot: boolean;
  nextDeadlineAt: string | null;
  nextDeadlineKind: string | null;
  reopenCount: number;
  rating: string | null;
  closure: string | null;
  raisedAt: string;
  closedAt: string | null;
}

export interface DeadlineView {
  id: string;
  kind: string;
  dueAt: string;
  running: boolean;
  step?: number;
  reminds?: { deadlineId: string; fraction: number };
}

export interface CaseView {
  caseId: string;
  status: CaseStatus;
  category: string;
  complexity: string;
  location: { townId: string; villageId: string; courtyardId?: string };
  handler: { level: string; unitId: string; coHandlingDepartmentIds: string[]; since: string } | null;
  responsibility: { departmentId: string; unit: string; personName: string } | null;
  supervision: { level: string; leaderIds: string[]; since: string } | null;
  escalationLevel: number;
  escalation: { trigger: string; step: number; targetIds: string[]; at: string } | null;
  overdue: boolean;
  concentrated: boolean;
  paused: { reason: string; since: string; limitAt: string } | null;
  pendingExtension: { workingDays: number; reason: string; requestedAt: string; requestedByActorId: string } | null;
  deadlines: DeadlineView[];
  nextDeadline: DeadlineView | null;
  rating: string | null;
  closure: string | null;
  closedAt: string | null;
}

/** GET /cases/:id: the read-model row with the case view. */
export interface CaseRecord extends LedgerRow {
  reporterIds: string[];
  workflowId?: string;
  view: CaseView;
}

export interface TimelineEntry {
  seq: number;
  eventId: string;
  type: string;
  at: string;
  actorId: string;
  actorRole: string;
  deadlineId: string | null;
  event: { type: string; at: string; actor?: { id: string; role: string; name?: string }; [key: string]: unknown };
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
  from?: string;
  to?: string;
  sort?: string;
  limit?: number;
  offset?: number;
}

export const casesApi = {
  ledger: (filter: LedgerFilter, signal?: AbortSignal) =>
    caseApi.get<LedgerPage>(`/cases${queryString({ ...filter })}`, signal),
  get: (id: string, signal?: AbortSignal) => caseApi.get<CaseRecord>(`/cases/${encodeURIComponent(id)}`, signal),
  timeline: (id: string, signal?: AbortSignal) =>
    caseApi.get<TimelineEntry[]>(`/cases/${encodeURIComponent(id)}/timeline`, signal),
  raise: (body: unknown, idempotencyKey: string) => caseApi.post<CaseRecord>('/cases', body, idempotencyKey),
  act: (id: string, action: string, body: unknown, idempotencyKey?: string) =>
    caseApi.post<CaseRecord>(`/cases/${encodeURIComponent(id)}/actions/${action}`, body, idempotencyKey),
};
