import holidayData from 'chinese-days/dist/chinese-days.json';
import { type Instant, toEpochMs } from './instant';
import {
  type CalendarDate,
  DAY_MS,
  isCalendarDate,
  nextShanghaiMidnight,
  shanghaiDateOf,
  startOfShanghaiDay,
  weekdayOf,
} from './shanghai-time';

/*
 * The China-mainland calendar; rules reach it through calendarOf(policy.calendar) in calendars.ts,
 * never directly, so that a policy can swap in another clock.
 *
 * We read chinese-days' data tables rather than call its isWorkday(): its helpers compute the
 * weekday in the process's local time zone, which is wrong on a worker not set to UTC+8 and is
 * not something workflow code may depend on. The tables cover 2004–2026; later years fall back to
 * plain Monday–Friday until the package is updated with the State Council's next announcement.
 *
 * Rules used everywhere in this file (the "working clock"):
 * - A working day is a Shanghai calendar day that is an adjusted working day (调休补班), or a
 *   Monday–Friday that is not a public holiday.
 * - The clock of a deadline starts at the first Shanghai midnight at or after its start instant,
 *   so the start day itself never counts (unless the start is exactly its midnight) and only
 *   the hours of working days run.
 * - "N working days from t" ends when N whole working days have run on that clock, i.e. at 24:00
 *   Shanghai of the Nth working day after t's day.
 * - A fraction f of a deadline (reminders) is the instant at which f of the deadline's working
 *   time has run on the same clock: 50 % of 5 working days is noon of the 3rd working day.
 */

const adjustedWorkingDays: Readonly<Record<string, string>> = holidayData.workdays;
const publicHolidays: Readonly<Record<string, string>> = holidayData.holidays;

export const holidayDataYears = { from: 2004, to: 2026 } as const;

export function isWorkingDay(day: CalendarDate | Instant): boolean {
  const date = isCalendarDate(day) ? day : shanghaiDateOf(day);
  if (adjustedWorkingDays[date] !== undefined) return true;
  if (publicHolidays[date] !== undefined) return false;
  const weekday = weekdayOf(date);
  return weekday >= 1 && weekday <= 5;
}

/** Working-clock milliseconds between two instants (0 when `to` is not after `from`). */
export function workingTimeBetween(from: Instant, to: Instant): number {
  const end = toEpochMs(to);
  let cursor = toEpochMs(from);
  let total = 0;
  while (cursor < end) {
    const dayEnd = startOfShanghaiDay(shanghaiDateOf(cursor)) + DAY_MS;
    const sliceEnd = Math.min(dayEnd, end);
    if (isWorkingDay(cursor)) total += sliceEnd - cursor;
    cursor = sliceEnd;
  }
  return total;
}

/**
 * The instant at which `workingMs` of working time has run from `from`. Landing exactly on the end
 * of a working day returns that 24:00, not the start of the next working day.
 */
export function addWorkingTime(from: Instant, workingMs: number): Date {
  if (workingMs < 0) throw new RangeError(`working time must not be negative, got ${workingMs}`);
  let cursor = toEpochMs(from);
  let remaining = workingMs;
  while (remaining > 0) {
    const dayEnd = startOfShanghaiDay(shanghaiDateOf(cursor)) + DAY_MS;
    if (isWorkingDay(cursor)) {
      const available = dayEnd - cursor;
      if (remaining <= available) return new Date(cursor + remaining);
      remaining -= available;
    }
    cursor = dayEnd;
  }
  return new Date(cursor);
}

/** 24:00 Shanghai of the Nth working day after the day of `from` (see the rules above). */
export function addWorkingDays(from: Instant, workingDays: number): Date {
  assertWholeDays(workingDays);
  return addWorkingTime(nextShanghaiMidnight(from), workingDays * DAY_MS);
}

/** 24:00 Shanghai of the Nth calendar day after the day of `from`. */
export function addCalendarDays(from: Instant, days: number): Date {
  assertWholeDays(days);
  return new Date(nextShanghaiMidnight(from) + days * DAY_MS);
}

/** Whole working days run on the clock started at `from`; inverse of addWorkingDays. */
export function workingDaysBetween(from: Instant, to: Instant): number {
  return Math.floor(workingTimeBetween(nextShanghaiMidnight(from), to) / DAY_MS);
}

/** The instant at which `fraction` of the deadline (setAt → dueAt) has run on the working clock. */
export function deadlineFractionPoint(setAt: Instant, dueAt: Instant, fraction: number): Date {
  if (!(fraction >= 0 && fraction <= 1)) throw new RangeError(`fraction must be in [0, 1], got ${fraction}`);
  const clockStart = Math.min(nextShanghaiMidnight(setAt), toEpochMs(dueAt));
  const total = workingTimeBetween(clockStart, dueAt);
  return addWorkingTime(clockStart, Math.round(total * fraction));
}

/** Shared with the compressed calendar so both refuse the same inputs. */
export function assertWholeDays(days: number): void {
  if (!Number.isInteger(days) || days < 0) {
    throw new RangeError(`a number of days must be a whole number ≥ 0, got ${days}`);
  }
}
