import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '@bishan/config';
import { AUDIT_ANCHOR_TOPIC, AuditAnchoring, type Database } from '@bishan/db';
import { createKafka, ensureTopics, EventPublisher, PollingLoop } from '@bishan/messaging';
import { APP_CONFIG, DATABASE } from '@bishan/service-runtime';

/**
 * Anchors the audit chains' heads outside the database every AUDIT_ANCHOR_INTERVAL_SECONDS: the
 * append-only AUDIT_ANCHOR_FILE, then the anchor topic (one partition, kept forever). A run the
 * broker misses is published with the next one; a run the file misses is logged and tried again.
 */
@Injectable()
export class AuditAnchorService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('audit-anchors');
  private readonly kafka;
  private readonly publisher;
  private readonly topic: string;
  private readonly anchoring: AuditAnchoring;
  private loop: PollingLoop | undefined;
  private topicReady = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE) db: Database,
  ) {
    this.kafka = createKafka(config.kafka);
    this.publisher = new EventPublisher(this.kafka);
    this.topic = `${config.kafka.topicPrefix}${AUDIT_ANCHOR_TOPIC}`;
    this.anchoring = new AuditAnchoring(db, config.audit.anchorFile, {
      publish: (lines) => this.publisher.publish(lines.map((value) => ({ topic: this.topic, key: 'audit-anchor', value }))),
    });
  }

  onApplicationBootstrap(): void {
    const seconds = this.config.audit.anchorIntervalSeconds;
    if (seconds === 0) {
      this.logger.warn('audit anchoring is off (AUDIT_ANCHOR_INTERVAL_SECONDS=0): chain heads are not anchored outside the database');
      return;
    }
    this.logger.log(`anchoring audit chain heads every ${seconds} s to ${this.config.audit.anchorFile} and ${this.topic}`);
    this.loop = new PollingLoop(() => this.anchorOnce(), {
      name: 'audit anchoring',
      intervalMs: seconds * 1000,
      log: (level, message) => this.logger[level](message),
    });
    this.loop.start();
  }

  private async anchorOnce(): Promise<void> {
    if (!this.topicReady) {
      // Created on first use, not at start: the worker starts (and relays cases) while the broker is away.
      this.topicReady = await ensureTopics(this.kafka, [this.topic], {
        ...this.config.kafka.topics,
        partitions: 1,
        config: { 'retention.ms': '-1', 'cleanup.policy': 'delete' },
      }).then(
        () => true,
        (error: unknown) => {
          this.logger.warn(`anchor topic not reachable yet: ${(error as Error).message}`);
          return false;
        },
      );
    }
    try {
      const { written, published, publishError } = await this.anchoring.anchorOnce();
      if (written.length > 0 || published > 0) this.logger.log(`anchored: ${written.length} lines written to the file, ${published} published`);
      if (publishError) this.logger.warn(`anchors written to the file but not yet to ${this.topic} (retried next run): ${publishError}`);
    } catch (error) {
      this.logger.error(`audit anchoring failed, nothing anchored this run: ${(error as Error).message}`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop?.stop();
    await this.publisher.disconnect();
  }
}
