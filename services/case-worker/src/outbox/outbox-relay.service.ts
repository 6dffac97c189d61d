import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '@bishan/config';
import { topicsWithPrefix, type Topics } from '@bishan/contracts';
import { OutboxRepository, outboxCommitListenerFor, type Database, type OutboxCommitListener } from '@bishan/db';
import { createKafka, ensureTopics, EventPublisher, OutboxRelay, pingKafka, type OutgoingMessage } from '@bishan/messaging';
import { APP_CONFIG, DATABASE, registerOutboxBacklogGauge } from '@bishan/service-runtime';

/**
 * Publishes committed outbox rows to Kafka; keeps trying while the broker is away. It relays at
 * once when rows are committed: in this process (`wake()` after a recording) and, on PostgreSQL, in
 * any process (the case API's raises, other case workers), announced by NOTIFY on a connection of
 * its own. On SQLite, which cannot notify, rows written by other processes wait for the next poll.
 */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelayService.name);
  private readonly kafka;
  private readonly publisher;
  private readonly relay;
  private readonly topics: Topics;
  private readonly topicSettings: AppConfig['kafka']['topics'];
  private readonly commits: OutboxCommitListener | null;
  readonly outbox: OutboxRepository;

  constructor(@Inject(APP_CONFIG) config: AppConfig, @Inject(DATABASE) db: Database) {
    this.topicSettings = config.kafka.topics;
    this.kafka = createKafka(config.kafka);
    this.topics = topicsWithPrefix(config.kafka.topicPrefix);
    this.publisher = new EventPublisher(this.kafka);
    this.outbox = new OutboxRepository(db);
    registerOutboxBacklogGauge(() => this.outbox.backlog());
    // Outbox rows name the topic without the deployment's prefix; it is added on the way out.
    const prefix = config.kafka.topicPrefix;
    const publisher = {
      publish: (messages: OutgoingMessage[]) =>
        this.publisher.publish(messages.map((message) => ({ ...message, topic: `${prefix}${message.topic}` }))),
    };
    const log = (level: 'warn' | 'log', message: string) => (level === 'warn' ? this.logger.warn(message) : this.logger.log(message));
    this.relay = new OutboxRelay(this.outbox, publisher, { ...config.outbox, log });
    this.commits = outboxCommitListenerFor(config.databaseUrl, { onCommit: () => this.relay.wake(), log });
  }

  async onApplicationBootstrap(): Promise<void> {
    await ensureTopics(this.kafka, [this.topics.caseEvents, this.topics.caseEventsDeadLetter], this.topicSettings);
    this.relay.start();
    this.commits?.start();
    this.logger.log(`relaying outbox to ${this.topics.caseEvents}`);
  }

  /** Rows were just committed in this process (a case's recording): relay them now, not at the next poll. */
  wake(): void {
    this.relay.wake();
  }

  ping(): Promise<void> {
    return pingKafka(this.kafka);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.commits?.stop();
    await this.relay.stop();
    await this.publisher.disconnect();
  }
}
