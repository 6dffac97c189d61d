import { apiRequest } from './client';
import { downloadAttachment } from './download';
import { kpiQueryString, type KpiFilter, type Rate } from './kpi-query';

// The dashboard's one door to its figures: the reporting service's KPIs (GET /reports/kpis),
// computed server-side from its fact tables with the definitions in libs/domain/src/kpi.

export type { KpiFilter, Rate } from './kpi-query';


/** The figures of one KPI row, as libs/domain/src/kpi/kpis.ts `Figures` defines them. */
export interface KpiFigures {
  meetingsHeld: number;
  participationRate: Rate;
  casesRaised: number;
  casesRaisedAtMeetings: number;
  resolvedOnSpot: number;
  onSiteResolutionRate: Rate;
  casesResolved: number;
  onTimeClaimRate: Rate;
  onTimeCompletionRate: Rate;
  overdueCases: number;
  escalations: number;
  escalationsByStep: Record<string, number>;
  escalatedCases: number;
  meanHoursToClaim: number | null;
  medianHoursToClaim: number | null;
  meanHoursToResolve: number | null;
  medianHoursToResolve: number | null;
  responseRate: Rate;
  resolutionRate: Rate;
  satisfactionRate: Rate;
  threeRateScore: number | null;
  approvalRate: Rate;
  reopenRate: Rate;
  mediations: number;
  mediationSuccessRate: Rate;
}

export interface KpiRow {
  period: { key: string; from: string; to: string };
  /** The group's value (a town or department id, a category); '(none)' for facts without one. */
  group: string | null;
  figures: KpiFigures;
}

interface KpiAnswer {
  policyVersion: string;
  rows: KpiRow[];
}

export const NO_GROUP = '(none)';

export interface DashboardFigures {
  policyVersion: string;
  /** The whole period in one row; null when nothing happened in it. */
  headline: KpiFigures | null;
  byMonth: KpiRow[];
  byTown: KpiRow[];
  byDepartment: KpiRow[];
  /** The villages and towns that handled cases themselves (`village:<id>`, `town:<id>`). */
  byLocalUnit: KpiRow[];
}

const kpis = (filter: KpiFilter, cut: Parameters<typeof kpiQueryString>[1], signal?: AbortSignal) =>
  apiRequest<KpiAnswer>('reporting', `/reports/kpis${kpiQueryString(filter, cut)}`, { signal });

/** Five cuts of the same period and filters: the whole, by month, by town, by department, by local handling unit. */
export async function loadDashboard(filter: KpiFilter, signal?: AbortSignal): Promise<DashboardFigures> {
  const [whole, byMonth, byTown, byDepartment, byLocalUnit] = await Promise.all([
    kpis(filter, { granularity: 'range' }, signal),
    kpis(filter, { granularity: 'month' }, signal),
    kpis(filter, { granularity: 'range', groupBy: 'town' }, signal),
    kpis(filter, { granularity: 'range', groupBy: 'department' }, signal),
    kpis(filter, { granularity: 'range', groupBy: 'localUnit' }, signal),
  ]);
  const byRaised = (a: KpiRow, b: KpiRow) => b.figures.casesRaised - a.figures.casesRaised;
  return {
    policyVersion: whole.policyVersion,
    headline: whole.rows[0]?.figures ?? null,
    byMonth: byMonth.rows,
    byTown: [...byTown.rows].sort(byRaised),
    // Cases handled by a town or village have no department: they are not a department's figures.
    byDepartment: byDepartment.rows.filter((row) => row.group !== NO_GROUP).sort(byRaised),
    // Cases no village or town handled itself (the district's, or not yet placed) are not a local unit's.
    byLocalUnit: byLocalUnit.rows.filter((row) => row.group !== NO_GROUP).sort(byRaised),
  };
}

/**
 * Downloads the reporting service's export of the same query through the console's origin (the
 * session cookie goes along; the console's proxy adds the token), saved from a blob so a failure
 * shows as a message on the page rather than as a downloaded error document.
 */
export function downloadKpis(filter: KpiFilter, format: 'csv' | 'xlsx'): Promise<string> {
  return downloadAttachment(`/api/reporting/reports/kpis/export.${format}${kpiQueryString(filter, { granularity: 'month' })}`, `kpis.${format}`);
}
