/**
 * After a failed attempt: when to try again, or null when that was the last one. The pause doubles
 * with each failure: base, 2·base, 4·base…
 */
export function retryAfterFailure(
  attemptsSoFar: number,
  maxAttempts: number,
  baseMs: number,
  now: Date,
): Date | null {
  if (attemptsSoFar >= maxAttempts) return null;
  return new Date(now.getTime() + baseMs * 2 ** (attemptsSoFar - 1));
}
