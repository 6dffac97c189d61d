import { type Instant, toEpochMs } from '../instant';
import { type HolidayTable, holidayTable } from './holiday-data';
import {
  type CalendarDate,
  DAY_MS,
  isCalendarDate,
  nextShanghaiMidnight,
  shanghaiDateOf,
  startOfShanghaiDay,
} from './shanghai-time';

/*
 * The China-mainland working clock; rules reach it through calendarOf(policy.calendar, data) in
 * calendars.ts, never directly, so that a policy can swap in another clock and a case counts on
 * the holiday data it was given (holiday-data.ts says which days are working days).
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


/** The five functions every deadline rule uses, on one day table. */
export interface WorkingClock {
  isWorkingDay(day: CalendarDate | Instant): boolean;
  /** Working-clock milliseconds between two instants (0 when `to` is not after `from`). */
  workingTimeBetween(from: Instant, to: Instant): number;
  /**
   * The instant at which `workingMs` of working time has run from `from`. Landing exactly on the
   * end of a working day returns that 24:00, not the start of the next working day.
   */
  addWorkingTime(from: Instant, workingMs: number): Date;
  /** 24:00 Shanghai of the Nth working day after the day of `from` (see the rules above). */
  addWorkingDays(from: Instant, workingDays: number): Date;
  /** 24:00 Shanghai of the Nth calendar day after the day of `from`. */
  addCalendarDays(from: Instant, days: number): Date;
  /** Whole working days run on the clock started at `from`; inverse of addWorkingDays. */
  workingDaysBetween(from: Instant, to: Instant): number;
  /** The instant at which `fraction` of the deadline (setAt → dueAt) has run on the working clock. */
  deadlineFractionPoint(setAt: Instant, dueAt: Instant, fraction: number): Date;
}

export function workingClock(table: HolidayTable): WorkingClock {
  const isWorkingDay = (day: CalendarDate | Instant): boolean =>
    table.isWorkingDay(isCalendarDate(day) ? day : shanghaiDateOf(day));

  const workingTimeBetween = (from: Instant, to: Instant): number => {
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
  };

  const addWorkingTime = (from: Instant, workingMs: number): Date => {
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
  };

  return {
    isWorkingDay,
    workingTimeBetween,
    addWorkingTime,
    addWorkingDays(from, workingDays) {
      assertWholeDays(workingDays);
      return addWorkingTime(nextShanghaiMidnight(from), workingDays * DAY_MS);
    },
    addCalendarDays(from, days) {
      assertWholeDays(days);
      return new Date(nextShanghaiMidnight(from) + days * DAY_MS);
    },
    workingDaysBetween(from, to) {
      return Math.floor(workingTimeBetween(nextShanghaiMidnight(from), to) / DAY_MS);
    },
    deadlineFractionPoint(setAt, dueAt, fraction) {
      if (!(fraction >= 0 && fraction <= 1)) throw new RangeError(`fraction must be in [0, 1], got ${fraction}`);
      const clockStart = Math.min(nextShanghaiMidnight(setAt), toEpochMs(dueAt));
      const total = workingTimeBetween(clockStart, dueAt);
      return addWorkingTime(clockStart, Math.round(total * fraction));
    },
  };
}

/**
 * The clock on the package's data alone. Rules never use it directly (they take the calendar of
 * the case's policy and data); specs and fixtures use it to work out expected instants.
 */
export const packageClock: WorkingClock = workingClock(holidayTable());

export const {
  isWorkingDay,
  workingTimeBetween,
  addWorkingTime,
  addWorkingDays,
  addCalendarDays,
  workingDaysBetween,
  deadlineFractionPoint,
} = packageClock;

/** Shared with the compressed calendar so both refuse the same inputs. */
export function assertWholeDays(days: number): void {
  if (!Number.isInteger(days) || days < 0) {
    throw new RangeError(`a number of days must be a whole number ≥ 0, got ${days}`);
  }
}
