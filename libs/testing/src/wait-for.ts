export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Says what was awaited when it times out. */
  description: string;
}

/**
 * Polls until `probe` returns something other than undefined (and does not throw), for checks of
 * eventually consistent state across processes. The last error or value is part of the timeout message.
 */
export async function waitFor<T>(probe: () => Promise<T | undefined>, options: WaitOptions): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
      last = undefined;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      const why = last instanceof Error ? last.message : last === undefined ? 'condition not met' : String(last);
      throw new Error(`timed out after ${options.timeoutMs ?? 30_000} ms waiting for ${options.description}: ${why}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 200));
  }
}
