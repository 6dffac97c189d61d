import { type Instant, toEpochMs } from '../instant';
import { type CalendarData, calendarDataVersion, coveredThrough, holidayTable, packageCalendarData } from './holiday-data';
import type { CalendarDate } from './shanghai-time';
import { assertWholeDays, workingClock } from './working-clock';

/**
 * The clock every deadline rule runs on. It is a property of the policy a case pins, not a global,
 * so a case raised under a demonstration policy can run its whole loop in seconds against a real
 * Temporal server without any rule knowing it is being demonstrated.
 */
export interface WorkingCalendar {
  /** The end of the Nth working day after the day of `from`. */
  addWorkingDays(from: Instant, workingDays: number): Date;
  /** The end of the Nth calendar day after the day of `from`. */
  addCalendarDays(from: Instant, days: number): Date;
  /** The instant at which `workingMs` of working time has run from `from`. */
  addWorkingTime(from: Instant, workingMs: number): Date;
  /** Working time, in ms, between two instants (0 when `to` is not after `from`). */
  workingTimeBetween(from: Instant, to: Instant): number;
  /** The instant at which `fraction` of the deadline (setAt → dueAt) has run on the working clock. */
  deadlineFractionPoint(setAt: Instant, dueAt: Instant, fraction: number): Date;
  /**
   * The last day whose working days are known; a working-day deadline after it was counted
   * Monday–Friday and is provisional. Null when every day is known (a compressed clock).
   */
  readonly coveredThrough: CalendarDate | null;
  /** Names the holiday data the clock counts with (recorded on the case). */
  readonly dataVersion: string;
}

/** How a policy names its calendar; plain data, so a pinned policy stays JSON-serialisable. */
export type CalendarSpec =
  | { readonly kind: 'chinaMainland' }
  | { readonly kind: 'compressed'; readonly dayMs: number };

const chinaCalendars = new Map<string, WorkingCalendar>();

/**
 * Asia/Shanghai working days with public holidays and adjusted weekends (working-clock.ts), from
 * the package's tables and the loaded schedules; one instance per data version.
 */
export function chinaMainlandCalendar(data: CalendarData = packageCalendarData): WorkingCalendar {
  const dataVersion = calendarDataVersion(data);
  const cached = chinaCalendars.get(dataVersion);
  if (cached) return cached;
  const clock = workingClock(holidayTable(data));
  const calendar: WorkingCalendar = {
    addWorkingDays: clock.addWorkingDays,
    addCalendarDays: clock.addCalendarDays,
    addWorkingTime: clock.addWorkingTime,
    workingTimeBetween: clock.workingTimeBetween,
    deadlineFractionPoint: clock.deadlineFractionPoint,
    coveredThrough: coveredThrough(data),
    dataVersion,
  };
  chinaCalendars.set(dataVersion, calendar);
  return calendar;
}

/**
 * A clock for demonstrations and real-time tests: every day is a working day and a "day" lasts
 * `dayMs` ms of real time, with day boundaries at whole multiples of `dayMs` since the Unix epoch
 * (so the outcome depends only on the instants, never on when or where the code runs). The rules
 * of the real calendar carry over unchanged:
 * - a deadline's clock starts at the first day boundary at or after its start instant;
 * - "N working days from t" ends at the end of the Nth day after t's day, i.e. N·dayMs after that
 *   boundary; calendar days are working days, so addCalendarDays is the same;
 * - all time is working time: working time between two instants is their real distance, so a
 *   pause shifts deadlines by exactly its real length;
 * - a fraction f of a deadline is clockStart + f·(dueAt − clockStart), rounded to the ms.
 * With dayMs = 2000 a claim window of 2 working days opened at 10:00:00.500 ends at 10:00:06.
 */
export function compressedCalendar(dayMs: number): WorkingCalendar {
  if (!Number.isSafeInteger(dayMs) || dayMs <= 0) {
    throw new RangeError(`a compressed day must last a whole number of ms > 0, got ${dayMs}`);
  }
  const nextDayStart = (instant: Instant): number => {
    const ms = toEpochMs(instant);
    const intoDay = ((ms % dayMs) + dayMs) % dayMs; // also right before the epoch
    return intoDay === 0 ? ms : ms - intoDay + dayMs;
  };
  const addDays = (from: Instant, days: number): Date => {
    assertWholeDays(days);
    return new Date(nextDayStart(from) + days * dayMs);
  };
  const between = (from: Instant, to: Instant): number => Math.max(0, toEpochMs(to) - toEpochMs(from));
  return {
    addWorkingDays: addDays,
    addCalendarDays: addDays,
    addWorkingTime(from, workingMs) {
      if (workingMs < 0) throw new RangeError(`working time must not be negative, got ${workingMs}`);
      return new Date(toEpochMs(from) + workingMs);
    },
    workingTimeBetween: between,
    deadlineFractionPoint(setAt, dueAt, fraction) {
      if (!(fraction >= 0 && fraction <= 1)) throw new RangeError(`fraction must be in [0, 1], got ${fraction}`);
      const clockStart = Math.min(nextDayStart(setAt), toEpochMs(dueAt));
      return new Date(clockStart + Math.round(between(clockStart, dueAt) * fraction));
    },
    coveredThrough: null,
    dataVersion: `compressed-${dayMs}ms`,
  };
}

/** The implementation a policy's calendar spec names, counting with the given holiday data. */
export function calendarOf(spec: CalendarSpec, data: CalendarData = packageCalendarData): WorkingCalendar {
  switch (spec.kind) {
    case 'chinaMainland':
      return chinaMainlandCalendar(data);
    case 'compressed':
      return compressedCalendar(spec.dayMs);
  }
}
