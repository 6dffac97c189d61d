import packageData from 'chinese-days/dist/chinese-days.json';
import { type HolidaySchedule, type LoadedHolidaySchedule, holidayDates } from './holiday-schedule';
import { type CalendarDate, DAY_MS, startOfShanghaiDay, weekdayOf } from './shanghai-time';

/*
 * Which days are working days in mainland China, from two sources:
 * - the chinese-days package's tables, which cover its years (2004–2026 in 1.5.7);
 * - schedules an administrator loaded from the State Council's notices; a loaded year wins over
 *   the package for that year.
 * A year neither covers is counted Monday–Friday, and every deadline that reaches into it is
 * provisional until its year is loaded (then the workflow recomputes it).
 *
 * We read the package's data tables rather than call its isWorkday(): its helpers compute the
 * weekday in the process's local time zone, which is wrong on a worker not set to UTC+8 and is
 * not something workflow code may depend on.
 */

/** The package version the tables come from; a spec fails when the installed one differs. */
export const holidayPackage = { name: 'chinese-days', version: '1.5.7' } as const;

const packageWorkdays: Readonly<Record<string, string>> = packageData.workdays;
const packageHolidays: Readonly<Record<string, string>> = packageData.holidays;

function yearsIn(table: Readonly<Record<string, string>>): number[] {
  return Object.keys(table).map((date) => Number(date.slice(0, 4)));
}

/** The years the package covers, first and last. */
export const packageYears: { readonly from: number; readonly to: number } = {
  from: Math.min(...yearsIn(packageHolidays)),
  to: Math.max(...yearsIn(packageHolidays)),
};

/**
 * The holiday data a case's deadlines are counted with, beyond the package: the loaded schedules
 * (latest revision of each year). Plain data, so a workflow can take it from an activity and a
 * signal and replay it.
 */
export interface CalendarData {
  readonly loaded: readonly LoadedHolidaySchedule[];
}

export const packageCalendarData: CalendarData = { loaded: [] };

/** e.g. 'chinese-days@1.5.7' or 'chinese-days@1.5.7+2027r2': names the data a deadline was counted with. */
export function calendarDataVersion(data: CalendarData): string {
  const loaded = [...data.loaded].sort((a, b) => a.year - b.year).map((s) => `+${s.year}r${s.revision}`);
  return `${holidayPackage.name}@${holidayPackage.version}${loaded.join('')}`;
}

/** The latest revision of each loaded year; a later revision of a year replaces the earlier one. */
export function latestRevisions(schedules: readonly LoadedHolidaySchedule[]): LoadedHolidaySchedule[] {
  const byYear = new Map<number, LoadedHolidaySchedule>();
  for (const schedule of schedules) {
    const current = byYear.get(schedule.year);
    if (!current || schedule.revision > current.revision) byYear.set(schedule.year, schedule);
  }
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}

/**
 * The last day of the unbroken run of covered years from the package's first year: a loaded 2028
 * without 2027 leaves 2027 weekdays-only, so coverage still ends on 31 December 2026.
 */
export function coveredThrough(data: CalendarData): CalendarDate {
  const loadedYears = new Set(data.loaded.map((s) => s.year));
  let year = packageYears.to;
  while (loadedYears.has(year + 1)) year += 1;
  return `${year}-12-31`;
}

export interface HolidayTable {
  /** Is this Shanghai day a working day? */
  isWorkingDay(date: CalendarDate): boolean;
  /** True when the day's year has holiday data (package or loaded). */
  isCovered(date: CalendarDate): boolean;
}

interface YearDays {
  readonly holidays: ReadonlySet<CalendarDate>;
  readonly workdays: ReadonlySet<CalendarDate>;
}

function yearDays(schedule: HolidaySchedule): YearDays {
  return { holidays: new Set(holidayDates(schedule)), workdays: new Set(schedule.adjustedWorkingDays) };
}

function isWeekday(date: CalendarDate): boolean {
  const weekday = weekdayOf(date);
  return weekday >= 1 && weekday <= 5;
}

const tables = new Map<string, HolidayTable>();

/** The day table for a set of loaded schedules, built once per data version. */
export function holidayTable(data: CalendarData = packageCalendarData): HolidayTable {
  const version = calendarDataVersion(data);
  const cached = tables.get(version);
  if (cached) return cached;
  const loaded = new Map(latestRevisions(data.loaded).map((s) => [s.year, yearDays(s)]));
  const yearOf = (date: CalendarDate) => Number(date.slice(0, 4));
  const table: HolidayTable = {
    isWorkingDay(date) {
      const days = loaded.get(yearOf(date));
      if (days) return days.workdays.has(date) || (!days.holidays.has(date) && isWeekday(date));
      if (packageWorkdays[date] !== undefined) return true;
      if (packageHolidays[date] !== undefined) return false;
      return isWeekday(date);
    },
    isCovered(date) {
      const year = yearOf(date);
      return loaded.has(year) || (year >= packageYears.from && year <= packageYears.to);
    },
  };
  tables.set(version, table);
  return table;
}

/** How long the holiday data lasts, seen from a day: the ops page, /health and the metrics use it. */
export interface CalendarCoverage {
  readonly version: string;
  readonly coveredThrough: CalendarDate;
  /** Whole days from `today` to the last covered day (0 on that day, negative after it). */
  readonly daysLeft: number;
  /** True from `warnDays` before the last covered day. */
  readonly runningOut: boolean;
  readonly packageYears: { readonly from: number; readonly to: number };
  readonly loadedYears: readonly number[];
}

/** Days before the end of the holiday data from which the system warns (health, ops page, admins). */
export const calendarWarningDays = 60;

export function calendarCoverage(data: CalendarData, today: CalendarDate, warnDays = calendarWarningDays): CalendarCoverage {
  const through = coveredThrough(data);
  const daysLeft = Math.round((startOfShanghaiDay(through) - startOfShanghaiDay(today)) / DAY_MS);
  return {
    version: calendarDataVersion(data),
    coveredThrough: through,
    daysLeft,
    runningOut: daysLeft <= warnDays,
    packageYears,
    loadedYears: latestRevisions(data.loaded).map((s) => s.year),
  };
}
