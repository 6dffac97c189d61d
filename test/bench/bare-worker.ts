import path from 'node:path';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';

let runtimeInstalled = false;

export interface BareWorker {
  taskQueue: string;
  stop(): Promise<void>;
}

/** A worker for the baseline workflows on its own task queue, in this process. */
export async function startBareWorker(address: string, taskQueue: string): Promise<BareWorker> {
  if (!runtimeInstalled) {
    // Warnings only: the worker's state changes would drown the benchmark's own progress lines.
    Runtime.install({ logger: new DefaultLogger('WARN') });
    runtimeInstalled = true;
  }
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection,
    taskQueue,
    workflowsPath: path.join(__dirname, 'bare.workflows.ts'),
    activities: { noop: async () => undefined },
  });
  const running = worker.run();
  return {
    taskQueue,
    stop: async () => {
      worker.shutdown();
      await running.catch(() => undefined);
      await connection.close();
    },
  };
}
