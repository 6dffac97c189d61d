import type { CasePolicy, WhatIfReport } from '@bishan/domain';
import { apiRequest, caseApi, csrfHeaders } from './client';
import { downloadAttachment } from './download';

/** A version of the case policy as GET /admin/policies answers it. */
export interface PolicyVersionRecord {
  version: string;
  status: 'draft' | 'published';
  inForce: boolean;
  name: string | null;
  reason: string | null;
  basedOn: string | null;
  effectiveAt: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  publishedBy: string | null;
  publishedAt: string | null;
  policy: CasePolicy;
}

export interface PolicyChange {
  field: string;
  from: unknown;
  to: unknown;
}

export interface WhatIfRunRecord {
  id: string;
  version: string;
  monthsBack: number;
  windowFrom: string;
  windowUntil: string;
  status: 'running' | 'completed' | 'failed';
  casesTotal: number | null;
  casesDone: number;
  error: string | null;
  startedBy: string;
  startedAt: string;
  finishedAt: string | null;
}

export interface WhatIfAnswer {
  run: WhatIfRunRecord;
  report: WhatIfReport;
  names: { departments: Record<string, string>; towns: Record<string, string>; people: Record<string, string> };
}

/** The limits a draft's form edits: everything but its name, date and calendar. */
export type PolicyLimits = Omit<CasePolicy, 'version' | 'effectiveFrom' | 'calendar'>;

const path = (version: string) => `/admin/policies/${encodeURIComponent(version)}`;

export const policiesApi = {
  list: (signal?: AbortSignal) => caseApi.get<{ inForce: string; items: PolicyVersionRecord[] }>('/admin/policies', signal),
  createDraft: () => caseApi.post<PolicyVersionRecord>('/admin/policies/drafts', {}),
  update: (version: string, policy: PolicyLimits) => apiRequest<PolicyVersionRecord>('case', path(version), { method: 'PUT', body: { policy } }),
  diff: (version: string, signal?: AbortSignal) => caseApi.get<{ version: string; against: string; changes: PolicyChange[] }>(`${path(version)}/diff`, signal),
  startWhatIf: (version: string, months: number) => caseApi.post<WhatIfRunRecord>(`${path(version)}/what-ifs`, { months }),
  runs: (version: string, signal?: AbortSignal) => caseApi.get<{ items: WhatIfRunRecord[] }>(`${path(version)}/what-ifs`, signal),
  run: (version: string, runId: string, signal?: AbortSignal) => caseApi.get<WhatIfAnswer>(`${path(version)}/what-ifs/${encodeURIComponent(runId)}`, signal),
  publish: (version: string, body: { name: string; reason: string; effectiveAt: string }) => caseApi.post<PolicyVersionRecord>(`${path(version)}/publish`, body),
};

/** Downloads a run's report as a workbook through the console's origin (a failure shows on the page). */
export function downloadWhatIf(version: string, runId: string): Promise<string> {
  return downloadAttachment(`/api/case${path(version)}/what-ifs/${encodeURIComponent(runId)}/report.xlsx`, `what-if-${version}.xlsx`, {
    headers: csrfHeaders(),
  });
}
