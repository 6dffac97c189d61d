/** A point in time as callers hand it over; state and events always store ISO strings. */
export type Instant = Date | string | number;

export function toEpochMs(instant: Instant): number {
  const ms =
    typeof instant === 'number'
      ? instant
      : typeof instant === 'string'
        ? Date.parse(instant)
        : instant.getTime();
  if (!Number.isFinite(ms)) {
    throw new RangeError(`'${String(instant)}' is not a valid instant`);
  }
  return ms;
}

export function toIso(instant: Instant): string {
  return new Date(toEpochMs(instant)).toISOString();
}
