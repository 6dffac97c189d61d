import { devLoginWarning } from '@bishan/config';

export const DEV_LOGIN_WARNING_INTERVAL_MS = 60_000;

/**
 * A production process running the development login (ALLOW_DEV_LOGIN=1) says so at start and every
 * minute after, so nobody mistakes it for a safe deployment in the logs. Answers the function that
 * stops the repetition; the timer never keeps a process alive.
 */
export function repeatDevLoginWarning(
  config: Parameters<typeof devLoginWarning>[0],
  warn: (message: string) => void,
  everyMs = DEV_LOGIN_WARNING_INTERVAL_MS,
): () => void {
  const message = devLoginWarning(config);
  if (!message) return () => undefined;
  warn(message);
  const timer = setInterval(() => warn(message), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
