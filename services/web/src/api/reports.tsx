import { apiRequest } from './client';
import { casesApi, type LedgerFilter, type LedgerRow } from './cases';

// The dashboard's one door to its figures. Today the reporting service answers a summary
// (GET /reports/summary) and the breakdowns are computed from the reader's ledger; when the
// reporting service serves its KPI endpoints, only the functions below change.

export interface DashboardFilter {
  townId?: string;
  departmentId?: string;
  category?: string;
  from?: string;
  to?: string;
}

export interface Breakdown {
  key: string;
  raised: number;
  closed: number;
  overdue: number;
}

export interface DashboardFigures {
  casesRaised: number;
  /** Escalations counted by the reporting service (all steps). */
  escalations: number;
  closed: number;
  open: number;
  overdueOpen: number;
  /** Closed cases that were never overdue, among closed cases handled through the loop; null with none. */
  onTimeRate: number | null;
  /** (satisfied + basically satisfied) / rated; null with no rating yet. */
  satisfactionRate: number | null;
  ratings: Record<string, number>;
  byMonth: Breakdown[];
  byTown: Breakdown[];
  byDepartment: Breakdown[];
  /** Rows the breakdowns were computed from, and whether that was every matching case. */
  basis: { rows: number; total: number };
}

interface ReportingSummary {
  casesRaised: number;
  escalations: number;
}

const PAGE = 200;
const MAX_ROWS = 2000;

async function ledgerRows(filter: LedgerFilter, signal?: AbortSignal): Promise<{ rows: LedgerRow[]; total: number }> {
  const rows: LedgerRow[] = [];
  let total = 0;
  for (let offset = 0; offset < MAX_ROWS; offset += PAGE) {
    const page = await casesApi.ledger({ ...filter, sort: '-raisedAt', limit: PAGE, offset }, signal);
    total = page.total;
    rows.push(...page.items);
    if (page.items.length < PAGE) break;
  }
  return { rows, total };
}

function breakdown(rows: LedgerRow[], keyOf: (row: LedgerRow) => string | null): Breakdown[] {
  const groups = new Map<string, Breakdown>();
  for (const row of rows) {
    const key = keyOf(row);
    if (key === null) continue;
    const group = groups.get(key) ?? { key, raised: 0, closed: 0, overdue: 0 };
    group.raised += 1;
    if (row.status === 'closed') group.closed += 1;
    if (row.overdue) group.overdue += 1;
    groups.set(key, group);
  }
  return [...groups.values()];
}

const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);

export async function loadDashboard(filter: DashboardFilter, signal?: AbortSignal): Promise<DashboardFigures> {
  const [summary, ledger] = await Promise.all([
    apiRequest<ReportingSummary>('reporting', '/reports/summary', { signal }),
    ledgerRows(filter, signal),
  ]);
  const { rows, total } = ledger;
  const closed = rows.filter((r) => r.status === 'closed');
  const closedThroughLoop = closed.filter((r) => !r.resolvedOnSpot);
  const ratings: Record<string, number> = {};
  for (const row of rows) if (row.rating) ratings[row.rating] = (ratings[row.rating] ?? 0) + 1;
  const rated = (ratings.satisfied ?? 0) + (ratings.basicallySatisfied ?? 0) + (ratings.dissatisfied ?? 0);
  return {
    // Unfiltered, the reporting service's own count; filtered, the ledger's.
    casesRaised: hasFilter(filter) ? total : Math.max(summary.casesRaised, total),
    escalations: summary.escalations,
    closed: closed.length,
    open: rows.length - closed.length,
    overdueOpen: rows.filter((r) => r.status !== 'closed' && r.overdue).length,
    onTimeRate: ratio(closedThroughLoop.filter((r) => !r.overdue).length, closedThroughLoop.length),
    satisfactionRate: ratio((ratings.satisfied ?? 0) + (ratings.basicallySatisfied ?? 0), rated),
    ratings,
    byMonth: breakdown(rows, (r) => r.raisedAt.slice(0, 7)).sort((a, b) => a.key.localeCompare(b.key)),
    byTown: breakdown(rows, (r) => r.townId).sort((a, b) => b.raised - a.raised),
    byDepartment: breakdown(rows, (r) => (r.handlerLevel === 'district' ? r.handlerUnitId : null)).sort((a, b) => b.raised - a.raised),
    basis: { rows: rows.length, total },
  };
}

function hasFilter(filter: DashboardFilter): boolean {
  return Object.values(filter).some((v) => v !== undefined && v !== '');
}

/** The figures as CSV (UTF-8 with BOM so spreadsheet programs read the Chinese names). */
export function dashboardCsv(figures: DashboardFigures, names: { town(id: string): string; department(id: string): string }): string {
  const lines = [
    ['metric', 'value'],
    ['casesRaised', figures.casesRaised],
    ['closed', figures.closed],
    ['open', figures.open],
    ['overdueOpen', figures.overdueOpen],
    ['escalations', figures.escalations],
    ['onTimeRate', figures.onTimeRate ?? ''],
    ['satisfactionRate', figures.satisfactionRate ?? ''],
    [],
    ['dimension', 'key', 'raised', 'closed', 'overdue'],
    ...figures.byMonth.map((b) => ['month', b.key, b.raised, b.closed, b.overdue]),
    ...figures.byTown.map((b) => ['town', names.town(b.key), b.raised, b.closed, b.overdue]),
    ...figures.byDepartment.map((b) => ['department', names.department(b.key), b.raised, b.closed, b.overdue]),
  ];
  const cell = (value: unknown) => {
    const text = String(value);
    const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
    return /[",\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return `\uFEFF${lines.map((line) => line.map(cell).join(',')).join('\n')}\n`;
}
