import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '@bishan/config';
import { topicsWithPrefix, type Topics } from '@bishan/contracts';
import type { Database } from '@bishan/db';
import {
  createKafka,
  deadLetterId,
  EventPublisher,
  readDeadLetters,
  replayDeadLetters,
  type DeadLetter,
} from '@bishan/messaging';
import { APP_CONFIG, DATABASE } from '@bishan/service-runtime';
import { DELIVERY_DEAD_LETTER_HEADER } from '../delivery/delivery-dispatcher';

/**
 * The dead-letter topic of this deployment, read and replayed. A parked case event goes back on the
 * case event topic; a parked delivery is re-armed in the delivery table (its event was applied
 * already, so only the sending is tried again).
 */
@Injectable()
export class DeadLettersService implements OnApplicationShutdown {
  private readonly kafka;
  private readonly publisher;
  private readonly topics: Topics;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE) private readonly db: Database,
  ) {
    this.kafka = createKafka(config.kafka);
    this.publisher = new EventPublisher(this.kafka);
    this.topics = topicsWithPrefix(config.kafka.topicPrefix);
  }

  list(): Promise<DeadLetter[]> {
    return readDeadLetters(this.kafka, this.topics.caseEventsDeadLetter, {
      groupPrefix: this.config.kafka.consumerGroupPrefix,
    });
  }

  /** Replays the named letters, or all of them; returns what was done with each. */
  async replay(
    ids: readonly string[] | undefined,
  ): Promise<{ replayed: string[]; rearmed: string[]; unknown: string[] }> {
    const letters = await this.list();
    const chosen = ids ? letters.filter((letter) => ids.includes(deadLetterId(letter))) : letters;
    const unknown = ids ? ids.filter((id) => !letters.some((letter) => deadLetterId(letter) === id)) : [];
    // An unknown id makes the whole request wrong: nothing is replayed.
    if (unknown.length > 0) return { replayed: [], rearmed: [], unknown };
    const deliveries = chosen.filter((letter) => letter.headers[DELIVERY_DEAD_LETTER_HEADER]);
    const events = chosen.filter((letter) => !letter.headers[DELIVERY_DEAD_LETTER_HEADER]);
    for (const letter of deliveries) {
      await this.db.notificationDelivery.updateMany({
        where: { id: letter.headers[DELIVERY_DEAD_LETTER_HEADER], status: 'dead' },
        data: { status: 'pending', attempts: 0, nextAttemptAt: new Date() },
      });
    }
    await replayDeadLetters(this.publisher, events, this.topics.caseEvents, this.topics.caseEventsDeadLetter);
    return { replayed: events.map(deadLetterId), rearmed: deliveries.map(deadLetterId), unknown };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.publisher.disconnect();
  }
}
