// The baseline: the least a workflow can do on the same server — one no-op activity — and the
// least a deadline can be — a timer, then one no-op activity.
import { proxyActivities, sleep } from '@temporalio/workflow';

const { noop } = proxyActivities<{ noop(): Promise<void> }>({ startToCloseTimeout: '30 seconds' });

export async function bareWorkflow(): Promise<void> {
  await noop();
}

export async function sleepingWorkflow(wakeAtMs: number): Promise<void> {
  const ms = wakeAtMs - Date.now();
  if (ms > 0) await sleep(ms);
  await noop();
}
