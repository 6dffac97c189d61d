import { type CalendarDate, isCalendarDate, startOfShanghaiDay, weekdayOf } from './shanghai-time';

/** One public holiday as the State Council's notice gives it: a name and its days, ends included. */
export interface HolidayPeriod {
  readonly name: string;
  readonly from: CalendarDate;
  readonly to: CalendarDate;
}

/**
 * A year's official schedule (节假日安排): its public holidays and the weekend days made working
 * days (调休补班), with the notice it comes from. The State Council publishes it around November
 * for the next year; an administrator loads it, and deadlines in that year follow it.
 */
export interface HolidaySchedule {
  readonly year: number;
  readonly holidays: readonly HolidayPeriod[];
  readonly adjustedWorkingDays: readonly CalendarDate[];
  readonly source: { readonly title: string; readonly publishedOn: CalendarDate };
}

/** A schedule as stored: every load of a year is a new revision, and the latest one is in force. */
export interface LoadedHolidaySchedule extends HolidaySchedule {
  readonly revision: number;
}

export type ScheduleProblemCode =
  | 'year-out-of-range'
  | 'required'
  | 'not-a-date'
  | 'outside-year'
  | 'ends-before-start'
  | 'overlaps'
  | 'not-a-weekend'
  | 'inside-holiday'
  | 'repeated'
  | 'no-holidays';

/** What is wrong with a schedule, at one field; `params` let the console say it in Chinese. */
export interface ScheduleProblem {
  readonly field: string;
  readonly code: ScheduleProblemCode;
  readonly params: Readonly<Record<string, string | number>>;
  readonly message: string;
}

/** Years a schedule may be loaded for: the package data starts in 2004, and nothing plans beyond 2100. */
export const scheduleYears = { from: 2004, to: 2100 } as const;

/** A real day: '2027-02-30' has the shape of a date but is none. */
export function isRealDate(value: unknown): value is CalendarDate {
  if (!isCalendarDate(value)) return false;
  return new Date(startOfShanghaiDay(value) + 8 * 3_600_000).toISOString().slice(0, 10) === value;
}

function* datesOf(period: HolidayPeriod): Generator<CalendarDate> {
  for (let ms = startOfShanghaiDay(period.from); ms <= startOfShanghaiDay(period.to); ms += 86_400_000) {
    yield new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
  }
}

/** The days a schedule makes holidays, in order. Assumes a schedule that passed validation. */
export function holidayDates(schedule: HolidaySchedule): CalendarDate[] {
  return schedule.holidays.flatMap((period) => [...datesOf(period)]);
}

/**
 * Every problem of a schedule, empty when it may be loaded: each date real and inside the year,
 * holiday periods in order without overlaps, each adjusted working day a Saturday or Sunday that
 * is no holiday, and a source to cite.
 */
export function validateHolidaySchedule(schedule: HolidaySchedule): ScheduleProblem[] {
  const problems: ScheduleProblem[] = [];
  const problem = (field: string, code: ScheduleProblemCode, message: string, params: Record<string, string | number> = {}) =>
    problems.push({ field, code, params, message });
  const { year } = schedule;
  if (!Number.isInteger(year) || year < scheduleYears.from || year > scheduleYears.to) {
    problem('year', 'year-out-of-range', `year must be a whole year from ${scheduleYears.from} to ${scheduleYears.to}`, {
      from: scheduleYears.from,
      to: scheduleYears.to,
    });
    return problems; // every other check is relative to the year
  }
  if (!schedule.source.title.trim()) problem('source.title', 'required', 'the notice the schedule comes from must be named');
  if (!isRealDate(schedule.source.publishedOn)) {
    problem('source.publishedOn', 'not-a-date', `'${schedule.source.publishedOn}' is not a date (YYYY-MM-DD)`, {
      value: schedule.source.publishedOn,
    });
  }
  const inYear = (field: string, date: CalendarDate): boolean => {
    if (!isRealDate(date)) {
      problem(field, 'not-a-date', `'${date}' is not a date (YYYY-MM-DD)`, { value: date });
      return false;
    }
    if (!date.startsWith(`${year}-`)) {
      problem(field, 'outside-year', `${date} is not in ${year}`, { value: date, year });
      return false;
    }
    return true;
  };

  if (schedule.holidays.length === 0) problem('holidays', 'no-holidays', 'a year’s schedule lists its public holidays');
  const periods: { index: number; period: HolidayPeriod }[] = [];
  schedule.holidays.forEach((period, index) => {
    if (!period.name.trim()) problem(`holidays[${index}].name`, 'required', 'each holiday needs its name');
    const fromOk = inYear(`holidays[${index}].from`, period.from);
    const toOk = inYear(`holidays[${index}].to`, period.to);
    if (!fromOk || !toOk) return;
    if (period.to < period.from) {
      problem(`holidays[${index}].to`, 'ends-before-start', `${period.to} is before ${period.from}`, {
        from: period.from,
        to: period.to,
      });
      return;
    }
    periods.push({ index, period });
  });
  const sorted = [...periods].sort((a, b) => (a.period.from < b.period.from ? -1 : a.period.from > b.period.from ? 1 : a.index - b.index));
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1];
    const current = sorted[i];
    if (previous && current && current.period.from <= previous.period.to) {
      problem(`holidays[${current.index}].from`, 'overlaps', `${current.period.name} overlaps ${previous.period.name}`, {
        name: current.period.name,
        other: previous.period.name,
      });
    }
  }

  const seen = new Set<CalendarDate>();
  schedule.adjustedWorkingDays.forEach((date, index) => {
    const field = `adjustedWorkingDays[${index}]`;
    if (!inYear(field, date)) return;
    if (seen.has(date)) problem(field, 'repeated', `${date} is listed twice`, { value: date });
    seen.add(date);
    const weekday = weekdayOf(date);
    if (weekday !== 0 && weekday !== 6) {
      problem(field, 'not-a-weekend', `${date} is not a Saturday or Sunday: only a weekend day can be made a working day`, {
        value: date,
      });
    }
    const within = periods.find(({ period }) => date >= period.from && date <= period.to);
    if (within) {
      problem(field, 'inside-holiday', `${date} falls inside ${within.period.name}`, { value: date, name: within.period.name });
    }
  });
  return problems;
}
