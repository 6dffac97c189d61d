import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { AppConfig } from '@bishan/config';
import { bishanDirectory, CaseRepository, type Database } from '@bishan/db';
import { APP_CONFIG, DATABASE, workflowBundleOptions } from '@bishan/service-runtime';
import { createCaseActivities } from '../activities/case.activities';

/** Hosts the Temporal worker that runs case workflows and their activities. */
@Injectable()
export class CaseWorkerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CaseWorkerService.name);
  private worker: Worker | undefined;
  private connection: NativeConnection | undefined;
  private running: Promise<void> | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE) private readonly db: Database,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { address, namespace, taskQueue } = this.config.temporal;
    this.connection = await NativeConnection.connect({ address });
    this.worker = await Worker.create({
      connection: this.connection,
      namespace,
      taskQueue,
      ...workflowBundleOptions(),
      activities: createCaseActivities({ cases: new CaseRepository(this.db), directory: async () => bishanDirectory() }),
    });
    this.running = this.worker.run().catch((error: unknown) => {
      this.logger.error(`worker stopped with an error: ${String(error)}`);
      throw error;
    });
    this.logger.log(`polling task queue "${taskQueue}" on ${address} (namespace ${namespace})`);
  }

  state(): string {
    return this.worker?.getState() ?? 'NOT_STARTED';
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.worker && this.worker.getState() === 'RUNNING') this.worker.shutdown();
    await this.running?.catch(() => undefined);
    await this.connection?.close();
  }
}
