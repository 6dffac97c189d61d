/**
 * How long a read of a request that was just created waits for the read model, when the case's
 * workflow runs but its row is not written yet: bounded, and only while that is so.
 */
export const READ_BACK_WAIT_MS = 5_000;
export const READ_BACK_POLL_MS = 100;

export interface ReadBackProbe {
  /** Whether the case's row is in the read model (for anyone: visibility is the caller's to apply). */
  recorded(): Promise<boolean>;
  /** Whether a workflow with the case's id exists. */
  workflowExists(): Promise<boolean>;
  sleep(ms: number): Promise<void>;
  now(): number;
}

/**
 * True once the row is there, false when there is nothing to wait for (already recorded, no such
 * workflow) or the wait ran out. A row already recorded answers at once: only a request in flight
 * between its 201 and its first recording waits.
 */
export async function awaitReadModel(probe: ReadBackProbe, waitMs = READ_BACK_WAIT_MS, pollMs = READ_BACK_POLL_MS): Promise<boolean> {
  if (await probe.recorded()) return false;
  if (!(await probe.workflowExists())) return false;
  const deadline = probe.now() + waitMs;
  while (probe.now() < deadline) {
    await probe.sleep(pollMs);
    if (await probe.recorded()) return true;
  }
  return false;
}
