import { type Instant, toEpochMs } from '../instant';

/**
 * Asia/Shanghai has been UTC+8 without daylight saving since 1991, so a fixed offset is exact and
 * keeps this code free of Intl time-zone data (which the workflow sandbox need not provide).
 */
export const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
export const DAY_MS = 24 * 60 * 60 * 1000;

/** A Shanghai calendar day, 'YYYY-MM-DD'. */
export type CalendarDate = string;

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isCalendarDate(value: unknown): value is CalendarDate {
  return typeof value === 'string' && CALENDAR_DATE.test(value);
}

export function shanghaiDateOf(instant: Instant): CalendarDate {
  return new Date(toEpochMs(instant) + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** Epoch ms of 00:00 Shanghai on the given day. */
export function startOfShanghaiDay(date: CalendarDate): number {
  const match = CALENDAR_DATE.exec(date);
  if (!match) throw new RangeError(`'${date}' is not a calendar date (YYYY-MM-DD)`);
  const [, y, m, d] = match;
  return Date.UTC(Number(y), Number(m) - 1, Number(d)) - SHANGHAI_OFFSET_MS;
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: CalendarDate): number {
  return new Date(startOfShanghaiDay(date) + SHANGHAI_OFFSET_MS).getUTCDay();
}

/** The first Shanghai midnight at or after the instant. */
export function nextShanghaiMidnight(instant: Instant): number {
  const ms = toEpochMs(instant);
  const start = startOfShanghaiDay(shanghaiDateOf(ms));
  return start === ms ? ms : start + DAY_MS;
}
