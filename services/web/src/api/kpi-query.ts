// Pure helpers for the dashboard's KPI queries: no React, no DOM, so they are unit-tested in Node.

/** The reporting service's KPI query filters (GET /reports/kpis): Shanghai days, `to` exclusive. */
/** A rate with what it was computed from; `value` is null when the denominator is 0. */
export interface Rate {
  numerator: number;
  denominator: number;
  value: number | null;
}

export interface KpiFilter {
  from: string;
  to: string;
  town?: string;
  department?: string;
  category?: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;
// Asia/Shanghai is UTC+8 all year (no daylight saving), so its calendar day is a fixed shift.
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The Asia/Shanghai calendar day (YYYY-MM-DD) of an instant. */
export function shanghaiDay(instant: Date): string {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** A calendar day moved by whole days. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The dashboard's default period: the current Shanghai month and the eleven before it, through
 * today (so the trend shows a year and today's cases count at once).
 */
export function defaultPeriod(now: Date): { from: string; to: string } {
  const today = shanghaiDay(now);
  const [year, month] = today.split('-').map(Number) as [number, number];
  const start = new Date(Date.UTC(year, month - 1 - 11, 1)).toISOString().slice(0, 10);
  return { from: start, to: addDays(today, 1) };
}

/**
 * The query string of one KPI request: the period, how to cut and group it, and the filters that
 * are set. Empty filters are left out (the service rejects an empty value).
 */
export function kpiQueryString(
  filter: KpiFilter,
  cut: { granularity: 'month' | 'quarter' | 'year' | 'range'; groupBy?: 'town' | 'department' | 'localUnit' | 'category' },
): string {
  const params = new URLSearchParams({ from: filter.from, to: filter.to, granularity: cut.granularity });
  if (cut.groupBy) params.set('groupBy', cut.groupBy);
  for (const key of ['town', 'department', 'category'] as const) {
    const value = filter[key]?.trim();
    if (value) params.set(key, value);
  }
  return `?${params.toString()}`;
}

/** The file name a download should get: the server's (RFC 6266, `filename*` first), else the fallback. */
export function attachmentName(contentDisposition: string | null, fallback: string): string {
  if (!contentDisposition) return fallback;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(contentDisposition);
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // A malformed encoding falls through to the plain name.
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/i.exec(contentDisposition);
  return (plain?.[1] ?? plain?.[2])?.trim() || fallback;
}

/** A rate as a percentage with one decimal, or a dash when there was nothing to divide by. */
export function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${(value * 100).toFixed(1)}%`;
}
