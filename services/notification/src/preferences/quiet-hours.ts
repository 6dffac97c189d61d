const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;

/** Quiet hours as Beijing wall-clock times "HH:MM"; start after end means they span midnight. */
export interface QuietHours {
  start: string;
  end: string;
}

export const wallClockTime = /^([01]\d|2[0-3]):[0-5]\d$/;

function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

/**
 * When a non-urgent message may go out: null if `now` is outside the person's quiet hours,
 * otherwise the instant they end (Asia/Shanghai has no daylight saving, so +08:00 all year).
 */
export function quietHoursEnd(now: Date, quiet: QuietHours | null): Date | null {
  if (!quiet) return null;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return null;
  const local = now.getTime() + SHANGHAI_OFFSET_MS;
  const localMidnight = Math.floor(local / DAY_MS) * DAY_MS;
  const minuteOfDay = (local - localMidnight) / 60_000;
  const inside =
    start < end ? minuteOfDay >= start && minuteOfDay < end : minuteOfDay >= start || minuteOfDay < end;
  if (!inside) return null;
  // The end falls today unless the window spans midnight and we are still before it.
  const endsTomorrow = start > end && minuteOfDay >= start;
  return new Date(localMidnight + (endsTomorrow ? DAY_MS : 0) + end * 60_000 - SHANGHAI_OFFSET_MS);
}
