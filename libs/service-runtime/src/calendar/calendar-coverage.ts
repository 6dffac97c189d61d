import { HolidayScheduleRepository, type Database } from '@bishan/db';
import { type CalendarCoverage, type CalendarData, calendarCoverage, shanghaiDateOf } from '@bishan/domain';
import { registerSampledGauge } from '../observability/metrics';
import { type HealthChecks, degraded } from '../health.controller';

/** How long a reading of the holiday data is reused: probes and scrapes come every few seconds. */
const READ_AGAIN_AFTER_MS = 5_000;

/** The loaded holiday schedules, reread every few seconds: what the case API decides a raise with. */
export function calendarDataReader(db: Database, clock: () => Date = () => new Date()): () => Promise<CalendarData> {
  const schedules = new HolidayScheduleRepository(db);
  let cached: { at: number; data: CalendarData } | undefined;
  return async () => {
    const now = clock().getTime();
    if (!cached || now - cached.at > READ_AGAIN_AFTER_MS) cached = { at: now, data: await schedules.calendarData() };
    return cached.data;
  };
}

/**
 * How long the holiday data lasts, as of today in Shanghai: the loaded schedules (the database)
 * with the package's years. The API and the worker report it in /health and as gauges.
 */
export function calendarCoverageReader(db: Database, clock: () => Date = () => new Date()): () => Promise<CalendarCoverage> {
  const data = calendarDataReader(db, clock);
  return async () => calendarCoverage(await data(), shanghaiDateOf(clock()));
}

/** The sentence /health, the ops page and the admins' notice use while the data runs out. */
export function runningOutReason(coverage: CalendarCoverage): string {
  const nextYear = Number(coverage.coveredThrough.slice(0, 4)) + 1;
  const when = coverage.daysLeft >= 0 ? `in ${coverage.daysLeft} days` : `${-coverage.daysLeft} days ago`;
  return `holiday data ends ${coverage.coveredThrough} (${when}): load the ${nextYear} schedule (POST /calendar/years); deadlines after it are provisional`;
}

/** A readiness check that never fails the service but says "degraded" from 60 days before the data runs out. */
export function calendarHealthCheck(coverage: () => Promise<CalendarCoverage>): HealthChecks[string] {
  return async () => {
    const current = await coverage();
    return current.runningOut ? degraded(runningOutReason(current)) : current.version;
  };
}

/** `bishan_calendar_days_left` (the alert rule's input) and the last covered day as a timestamp. */
export function registerCalendarGauges(coverage: () => Promise<CalendarCoverage>): void {
  registerSampledGauge(
    'bishan_calendar_days_left',
    'Days from today (Shanghai) to the last day the holiday data covers; negative once it has run out',
    async () => (await coverage()).daysLeft,
  );
  registerSampledGauge(
    'bishan_calendar_covered_through_timestamp_seconds',
    'The end of the last day the holiday data covers (24:00 Shanghai), in seconds since the epoch',
    async () => Date.parse(`${(await coverage()).coveredThrough}T16:00:00Z`) / 1000,
  );
}
