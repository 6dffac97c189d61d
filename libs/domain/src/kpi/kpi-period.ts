import { isCalendarDate, shanghaiDateOf, startOfShanghaiDay } from '../calendar/shanghai-time';

export const periodGranularities = ['month', 'quarter', 'year', 'range'] as const;
export type PeriodGranularity = (typeof periodGranularities)[number];

/** A reporting period: Shanghai calendar days `from` (inclusive) to `to` (exclusive). */
export interface Period {
  readonly key: string;
  readonly from: string;
  readonly to: string;
}

/**
 * Periods follow the Shanghai calendar (Asia/Shanghai, UTC+8 all year): an event at 23:30 on
 * 31 March Beijing time belongs to March even though it is 15:30 UTC. `range` is one period
 * covering the whole query.
 */
export function periodOf(
  instant: string,
  granularity: PeriodGranularity,
  range: { from: string; to: string },
): Period | null {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms) || ms < startOfShanghaiDay(range.from) || ms >= startOfShanghaiDay(range.to))
    return null;
  const date = shanghaiDateOf(ms);
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  switch (granularity) {
    case 'range':
      return { key: `${range.from}..${range.to}`, from: range.from, to: range.to };
    case 'year':
      return { key: `${year}`, from: `${year}-01-01`, to: `${year + 1}-01-01` };
    case 'quarter': {
      const quarter = Math.ceil(month / 3);
      return {
        key: `${year}-Q${quarter}`,
        from: monthStart(year, quarter * 3 - 2),
        to: monthStart(year, quarter * 3 + 1),
      };
    }
    case 'month':
      return { key: date.slice(0, 7), from: monthStart(year, month), to: monthStart(year, month + 1) };
  }
}

/** 'YYYY-MM-01' of a month, rolling over into the next year past December. */
function monthStart(year: number, month: number): string {
  const rolled = new Date(Date.UTC(year, month - 1, 1));
  return rolled.toISOString().slice(0, 10);
}

/** The instant a Shanghai calendar day starts, as an ISO string. */
export function shanghaiDayStart(date: string): string {
  if (!isCalendarDate(date)) throw new RangeError(`'${date}' is not a calendar date (YYYY-MM-DD)`);
  return new Date(startOfShanghaiDay(date)).toISOString();
}
