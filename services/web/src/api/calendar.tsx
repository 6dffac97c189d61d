import type { CalendarCoverage, HolidaySchedule } from '@bishan/domain';
import { caseApi } from './client';

/** GET /calendar of the case API (admin only). */
export interface CalendarOverview {
  coverage: CalendarCoverage;
  warning: string | null;
  schedules: (HolidaySchedule & { revision: number; loadedBy: string; loadedAt: string })[];
  rollout: { workflowId: string; status: string; signalled: number | null } | null;
}

export const calendarApi = {
  overview: (signal?: AbortSignal) => caseApi.get<CalendarOverview>('/calendar', signal),
  loadYear: (schedule: HolidaySchedule, idempotencyKey: string) =>
    caseApi.post<{ year: number; revision: number; dataVersion: string }>('/calendar/years', schedule, idempotencyKey),
};
