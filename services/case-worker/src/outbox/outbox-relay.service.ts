import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '@bishan/config';
import { topics } from '@bishan/contracts';
import { OutboxRepository, type Database } from '@bishan/db';
import { createKafka, ensureTopics, EventPublisher, OutboxRelay, pingKafka } from '@bishan/messaging';
import { APP_CONFIG, DATABASE, registerOutboxBacklogGauge } from '@bishan/service-runtime';

/** Publishes committed outbox rows to Kafka; keeps trying while the broker is away. */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelayService.name);
  private readonly kafka;
  private readonly publisher;
  private readonly relay;
  readonly outbox: OutboxRepository;

  constructor(@Inject(APP_CONFIG) config: AppConfig, @Inject(DATABASE) db: Database) {
    this.kafka = createKafka(config.kafka);
    this.publisher = new EventPublisher(this.kafka);
    this.outbox = new OutboxRepository(db);
    registerOutboxBacklogGauge(() => this.outbox.backlog());
    this.relay = new OutboxRelay(this.outbox, this.publisher, {
      ...config.outbox,
      log: (level, message) => (level === 'warn' ? this.logger.warn(message) : this.logger.log(message)),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await ensureTopics(this.kafka, [topics.caseEvents, topics.caseEventsDeadLetter]);
    this.relay.start();
    this.logger.log(`relaying outbox to ${topics.caseEvents}`);
  }

  ping(): Promise<void> {
    return pingKafka(this.kafka);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
    await this.publisher.disconnect();
  }
}
