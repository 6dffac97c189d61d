import type { ItemDecision, ReviewUnit } from '@bishan/domain';
import { caseApi, queryString } from './client';
import { downloadAttachment } from './download';

/** A review as the case API lists it. */
export interface LedgerReviewRecord {
  id: string;
  unitKey: string;
  unitKind: 'town' | 'department';
  unitId: string;
  unitName: string;
  period: string;
  status: 'open' | 'signedOff';
  dueAt: string;
  remindedAt: string | null;
  escalatedAt: string | null;
  signedOffAt: string | null;
  signedById: string | null;
  signedByName: string | null;
}

/** One line of a review sheet. */
export interface LedgerReviewLineRecord {
  caseId: string;
  section: 'closed' | 'open';
  carriedOverBefore: number;
  category: string;
  description: string;
  villageName: string;
  status: string;
  closure: string | null;
  rating: string | null;
  resultSummary: string | null;
  raisedAt: string;
  closedAt: string | null;
  previousTargetDate: string | null;
  decision: ItemDecision['kind'] | null;
  reason: string | null;
  newTargetDate: string | null;
  decidedByName: string | null;
  decidedAt: string | null;
  escalated: boolean;
}

export interface LedgerReviewSheet {
  review: LedgerReviewRecord;
  lines: LedgerReviewLineRecord[];
}

const path = (id: string) => `/ledger-reviews/${encodeURIComponent(id)}`;

export const ledgerReviewsApi = {
  list: (signal?: AbortSignal) => caseApi.get<{ items: LedgerReviewRecord[] }>(`/ledger-reviews${queryString({ limit: 200 })}`, signal),
  sheet: (id: string, signal?: AbortSignal) => caseApi.get<LedgerReviewSheet>(path(id), signal),
  start: (body: { period: string; unit: ReviewUnit }, key: string) => caseApi.post<{ reviewId: string }>('/ledger-reviews', body, key),
  decide: (id: string, caseId: string, body: { decision: ItemDecision; signature: string }, key: string) =>
    caseApi.post<unknown>(`${path(id)}/items/${encodeURIComponent(caseId)}/decision`, body, key),
  signOff: (id: string, signature: string, key: string) => caseApi.post<unknown>(`${path(id)}/sign-off`, { signature }, key),
};

/** Downloads an export of the sheet through the console's origin, as a blob (a failure shows on the page). */
export function downloadSheet(id: string, format: 'xlsx' | 'pdf'): Promise<string> {
  return downloadAttachment(`/api/case${path(id)}/sheet.${format}`, `ledger-review.${format}`);
}
