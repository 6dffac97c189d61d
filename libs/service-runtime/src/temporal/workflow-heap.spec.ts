import { Worker } from 'node:worker_threads';
import { keepWorkerHeapsCompact } from './workflow-heap';

const MiB = 1024 * 1024;

/**
 * The young generation a thread started now may grow to, in MiB: its heap limit less its old
 * generation's (V8 adds three semi-spaces to the old generation's limit).
 */
function youngGenerationOfANewThread(): Promise<number> {
  const thread = new Worker(
    `const { parentPort, resourceLimits } = require('node:worker_threads');
     const { getHeapStatistics } = require('node:v8');
     parentPort.postMessage(getHeapStatistics().heap_size_limit / ${MiB} - resourceLimits.maxOldGenerationSizeMb);`,
    { eval: true },
  );
  return new Promise<number>((resolve, reject) => {
    thread.once('message', (mib: number) => {
      resolve(mib);
      void thread.terminate();
    });
    thread.once('error', reject);
  });
}

describe('keepWorkerHeapsCompact', () => {
  it('bounds the young generation of the threads started after it (the workflow thread) to three 16 MiB semi-spaces', async () => {
    keepWorkerHeapsCompact();
    await expect(youngGenerationOfANewThread()).resolves.toBe(48);
  });
});
