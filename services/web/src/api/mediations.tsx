import type { Mediation, MediationMethod, MediationOutcome } from '@bishan/domain';
import { apiRequest, caseApi, queryString } from './client';
import type { Rate } from './reports';

/** A mediation as the case API answers it: the domain's record, the places' names, whether its follow-up is due. */
export type MediationRecord = Mediation & {
  placeNames: { town: string | null; village: string | null; courtyard: string | null };
  followUpDue: boolean;
};

export interface MediationFilter {
  villageId?: string;
  outcome?: MediationOutcome;
  caseId?: string;
  followUpDue?: boolean;
}

export interface RecordMediationBody {
  caseId?: string;
  meetingId?: string;
  place: { townId: string; villageId: string; courtyardId?: string; description?: string };
  subject: string;
  parties: { name: string }[];
  mediator: { kind: 'courtyardMediator'; name: string } | { kind: 'official'; personId: string };
  mediatedOn: string;
  method: MediationMethod;
  outcome: MediationOutcome;
  agreement?: string;
  followUpOn?: string;
}

export const mediationsApi = {
  list: (filter: MediationFilter, signal?: AbortSignal) =>
    caseApi.get<{ items: MediationRecord[]; total: number }>(`/mediations${queryString({ limit: 100, ...filter })}`, signal),
  record: (body: RecordMediationBody, idempotencyKey: string) => caseApi.post<MediationRecord>('/mediations', body, idempotencyKey),
  followUp: (id: string, body: { checkedOn: string; held: boolean; note?: string }, idempotencyKey: string) =>
    caseApi.post<MediationRecord>(`/mediations/${encodeURIComponent(id)}/follow-up`, body, idempotencyKey),
  mediators: (villageId: string, signal?: AbortSignal) =>
    caseApi.get<{ personId: string; name: string }[]>(`/mediations/mediators${queryString({ villageId })}`, signal),
};

/** The mediation figures of the reporting service for a period in the reader's places (this year by default). */
export async function mediationFigures(from: string, to: string, signal?: AbortSignal) {
  const answer = await apiRequest<{ rows: { figures: { mediations: number; mediationSuccessRate: Rate; agreementsHeldRate: Rate } }[] }>(
    'reporting',
    `/reports/kpis${queryString({ from, to, granularity: 'range' })}`,
    { signal },
  );
  return answer.rows[0]?.figures ?? null;
}
