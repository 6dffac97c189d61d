import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '@bishan/config';
import type { BatchLookup } from '@bishan/db';
import {
  isGovernanceEvent,
  isMeetingEvent,
  parseCaseTopicEvent,
  topicsWithPrefix,
  type CaseEvent,
  type CaseTopicEvent,
  type GovernanceEvent,
  type MeetingEvent,
  type Topics,
} from '@bishan/contracts';
import {
  consumerGroupLag,
  createKafka,
  ensureTopics,
  EventConsumer,
  EventPublisher,
  pingKafka,
} from '@bishan/messaging';
import { countDeadLetters, registerSampledGauge } from './observability/metrics';

/**
 * A service's membership in its consumer group on the case event topic. The service supplies the
 * group and what to do with each event; parsing, retries, dead-lettering and offsets are handled here.
 */
export abstract class CaseEventsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  protected readonly logger = new Logger(this.constructor.name);
  private readonly kafka;
  private readonly deadLetters;
  private readonly consumer;
  private readonly topics: Topics;
  private readonly topicSettings: AppConfig['kafka']['topics'];
  private readonly groupId: string;
  private readonly groupName: string;
  /**
   * A batch's events as ProcessedEventRepository.applyEachOnce looks them up together: applied
   * under this consumer's name (the one its handlers dedupe by), keyed by event id.
   */
  protected readonly byEventId: BatchLookup<CaseTopicEvent>;

  protected constructor(config: AppConfig, groupId: string) {
    this.topicSettings = config.kafka.topics;
    this.groupName = groupId;
    this.byEventId = { consumer: groupId, eventIdOf: (event) => event.eventId };
    this.groupId = `${config.kafka.consumerGroupPrefix}${groupId}`;
    this.topics = topicsWithPrefix(config.kafka.topicPrefix);
    this.kafka = createKafka(config.kafka);
    this.deadLetters = new EventPublisher(this.kafka);
    this.consumer = new EventConsumer<CaseTopicEvent>(this.kafka, countDeadLetters(this.deadLetters, groupId), {
      groupId: this.groupId,
      topic: this.topics.caseEvents,
      deadLetterTopic: this.topics.caseEventsDeadLetter,
      parse: parseCaseTopicEvent,
      handle: (event) =>
        isMeetingEvent(event)
          ? this.handleMeetingEvent(event)
          : isGovernanceEvent(event)
            ? this.handleGovernanceEvent(event)
            : this.handle(event),
      ...(this.handleBatch ? { handleBatch: (events: CaseTopicEvent[]) => this.handleBatch?.(events) ?? Promise.resolve() } : {}),
      log: (level, message) => this.logger[level](message),
    });
  }

  protected abstract handle(event: CaseEvent): Promise<void>;

  /**
   * Optional: applies a run of consecutive events (case and meeting events alike) all or nothing,
   * typically in one database transaction; if it fails, they go through `handle` one by one.
   */
  protected handleBatch?(events: CaseTopicEvent[]): Promise<void>;

  /**
   * Meeting events share the topic. A service with nothing to do for them keeps this default: the
   * event is valid, so it is passed over and its offset committed, never dead-lettered.
   */
  protected handleMeetingEvent(_event: MeetingEvent): Promise<void> {
    return Promise.resolve();
  }

  /** Governance events (mediations, meeting duties, ledger reviews) likewise: passed over unless handled. */
  protected handleGovernanceEvent(_event: GovernanceEvent): Promise<void> {
    return Promise.resolve();
  }

  async onApplicationBootstrap(): Promise<void> {
    await ensureTopics(this.kafka, [this.topics.caseEvents, this.topics.caseEventsDeadLetter], this.topicSettings);
    await this.consumer.start();
    this.registerLagGauge();
    this.logger.log(`consuming ${this.topics.caseEvents}`);
  }

  /** bishan_consumer_lag: how far this service's group is behind on the case event topic, read at scrape time. */
  private registerLagGauge(): void {
    const topic = this.topics.caseEvents;
    registerSampledGauge(
      'bishan_consumer_lag',
      'Messages on the topic not yet committed by the consumer group',
      async () => {
        const admin = this.kafka.admin();
        await admin.connect();
        try {
          const behind = await consumerGroupLag(admin, this.groupId, topic);
          return [{ labels: { consumer: this.groupName, topic }, value: behind?.lag ?? 0 }];
        } finally {
          await admin.disconnect();
        }
      },
      ['consumer', 'topic'],
    );
  }

  ping(): Promise<void> {
    return pingKafka(this.kafka);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer.stop();
    await this.deadLetters.disconnect();
  }
}
