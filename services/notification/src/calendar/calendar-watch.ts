import type { CalendarCoverage } from '@bishan/domain';

/** Days before the data's end at which the administrators are told; after it, every day. */
export const warningDays = [60, 30, 14, 7, 3, 1, 0] as const;

/**
 * The warning due now, as a key that names it once: the last threshold crossed (26 days left →
 * the 30-day warning), or the day past the end. Null while the data lasts beyond 60 days.
 */
export function dueWarning(coverage: CalendarCoverage): string | null {
  if (!coverage.runningOut) return null;
  if (coverage.daysLeft < 0) return `calendar/${coverage.coveredThrough}/over-${-coverage.daysLeft}`;
  const crossed = [...warningDays].reverse().find((days) => days >= coverage.daysLeft) ?? 0;
  return `calendar/${coverage.coveredThrough}/${crossed}`;
}
