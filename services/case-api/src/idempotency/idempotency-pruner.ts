import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { AppConfig } from '@bishan/config';
import { IdempotencyRepository, type Database } from '@bishan/db';
import { PollingLoop } from '@bishan/messaging';
import { APP_CONFIG, DATABASE } from '@bishan/service-runtime';

/** How often stored keys are pruned, at most: a retention of hours needs no finer grain. */
const PRUNE_EVERY_MS = 15 * 60_000;

/**
 * Deletes Idempotency-Key records older than their retention (IDEMPOTENCY_RETENTION_HOURS): a retry
 * after that is a new request. Every instance prunes; the deletes are idempotent.
 */
@Injectable()
export class IdempotencyPruner implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('idempotency');
  private readonly records: IdempotencyRepository;
  private loop: PollingLoop | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE) db: Database,
  ) {
    this.records = new IdempotencyRepository(db);
  }

  onModuleInit(): void {
    const retentionMs = this.config.limits.idempotencyRetentionHours * 3_600_000;
    this.loop = new PollingLoop(
      async () => {
        const count = await this.records.prune(new Date(Date.now() - retentionMs));
        if (count > 0) this.logger.log(`pruned ${count} idempotency keys past their retention`);
      },
      {
        name: 'idempotency key pruning',
        intervalMs: Math.min(PRUNE_EVERY_MS, retentionMs),
        log: (level, message) => this.logger[level](message),
      },
    );
    this.loop.start();
  }

  onModuleDestroy(): Promise<void> | undefined {
    return this.loop?.stop();
  }
}
