import type { CoverageRow, DutyCoverage, KeyHouseholdCoverageRow, KeyHouseholdKind, MeetingDuty } from '@bishan/domain';
import type { MessageKey } from '../i18n';
import { caseApi, queryString } from './client';

export const householdKindNames: Record<KeyHouseholdKind, MessageKey> = {
  povertyAlleviated: 'householdPovertyAlleviated',
  petitioner: 'householdPetitioner',
  subsistenceAllowance: 'householdSubsistence',
  elderlyAlone: 'householdElderlyAlone',
};

/** A duty as the case API answers it: the domain's duty with its holders' and unit's names. */
export type DutyRecord = MeetingDuty & { holders: { id: string; name: string }[]; unitName: string };

export interface DutiesAnswer {
  period: string;
  policyVersion: string;
  remindDaysBefore: number;
  coverage: DutyCoverage;
  duties: DutyRecord[];
  keyHouseholds?: (KeyHouseholdCoverageRow & { villageName: string })[];
}

export interface DutiesFilter {
  period?: string;
  status?: MeetingDuty['status'];
  level?: MeetingDuty['level'];
  mine?: boolean;
}

export interface KeyHouseholdRecord {
  id: string;
  townId: string;
  villageId: string;
  courtyardId: string;
  courtyardName: string;
  name: string;
  kinds: KeyHouseholdKind[];
  note?: string;
  retiredAt?: string;
  visitedInPeriod: boolean;
}

export interface ResidentGroupRecord {
  id: string;
  number: number;
  name: string;
  courtyards: { id: string; name: string }[];
}

export const dutiesApi = {
  duties: (filter: DutiesFilter, signal?: AbortSignal) => caseApi.get<DutiesAnswer>(`/meeting-duties${queryString({ ...filter })}`, signal),
  groups: (villageId: string, signal?: AbortSignal) =>
    caseApi.get<ResidentGroupRecord[]>(`/resident-groups${queryString({ villageId })}`, signal),
  households: (villageId: string | undefined, signal?: AbortSignal) =>
    caseApi.get<{ items: KeyHouseholdRecord[] }>(`/key-households${queryString({ villageId })}`, signal),
  register: (body: { place: { townId: string; villageId: string; courtyardId: string }; name: string; kinds: KeyHouseholdKind[]; note?: string }, key: string) =>
    caseApi.post<KeyHouseholdRecord>('/key-households', body, key),
  retire: (id: string, key: string) => caseApi.post<KeyHouseholdRecord>(`/key-households/${encodeURIComponent(id)}/retire`, {}, key),
  visits: (meetingId: string, signal?: AbortSignal) =>
    caseApi.get<{ householdIds: string[] }>(`/meetings/${encodeURIComponent(meetingId)}/key-household-visits`, signal),
  recordVisits: (meetingId: string, householdIds: string[], key: string) =>
    caseApi.post<{ householdIds: string[] }>(`/meetings/${encodeURIComponent(meetingId)}/key-household-visits`, { householdIds }, key),
};

/** Held ÷ required as a percentage with both counts. */
export function coverageText(row: Pick<CoverageRow, 'held' | 'required'>): string {
  return row.required === 0 ? '—' : `${((row.held / row.required) * 100).toFixed(1)}% (${row.held}/${row.required})`;
}
