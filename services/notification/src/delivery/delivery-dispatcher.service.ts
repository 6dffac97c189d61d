import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { AppConfig } from '@bishan/config';
import { topicsWithPrefix } from '@bishan/contracts';
import type { Database } from '@bishan/db';
import { createKafka, EventPublisher } from '@bishan/messaging';
import { APP_CONFIG, countDeadLetters, DATABASE } from '@bishan/service-runtime';
import type { DeliveryChannel } from '../channels/delivery-channel';
import { EmailChannel } from '../channels/email.channel';
import { LoggingSmsProvider, SmsChannel } from '../channels/sms.channel';
import { WebhookChannel, webhookStyles } from '../channels/webhook.channel';
import { NOTIFICATION_CONSUMER } from '../case-events/notify-on-case-event.handler';
import { ResidentGroupDeliveryChannel, WebhookResidentGroupChannel } from '../publication/resident-group-channel';
import { DeliveryDispatcher } from './delivery-dispatcher';

/** Runs the dispatcher in the service, with the channels the configuration turns on. */
@Injectable()
export class DeliveryDispatcherService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('deliveries');
  private readonly publisher: EventPublisher;
  private readonly dispatcher: DeliveryDispatcher;
  private readonly email: EmailChannel | null;

  constructor(@Inject(APP_CONFIG) config: AppConfig, @Inject(DATABASE) db: Database) {
    const channels = new Map<string, DeliveryChannel>();
    this.email = config.notify.smtp ? new EmailChannel(config.notify.smtp) : null;
    if (this.email) channels.set(this.email.name, this.email);
    for (const style of webhookStyles) {
      const webhook = new WebhookChannel(style, config.webhooks);
      channels.set(webhook.name, webhook);
    }
    // Public notices to residents' groups: plain text through the same robots' network rules.
    for (const style of webhookStyles) {
      const residents = new ResidentGroupDeliveryChannel(new WebhookResidentGroupChannel(style, config.webhooks));
      channels.set(residents.name, residents);
    }
    const sms = new SmsChannel(new LoggingSmsProvider());
    channels.set(sms.name, sms);
    this.publisher = new EventPublisher(createKafka(config.kafka));
    // Deliveries that used up their attempts are dead-lettered, and counted (bishan_dead_letters_total).
    this.dispatcher = new DeliveryDispatcher(db, channels, countDeadLetters(this.publisher, 'notification-deliveries'), {
      maxAttempts: config.notify.maxAttempts,
      backoffMs: config.notify.backoffMs,
      intervalMs: config.notify.dispatchIntervalMs,
      deadLetterTopic: topicsWithPrefix(config.kafka.topicPrefix).caseEventsDeadLetter,
      consumerGroup: `${config.kafka.consumerGroupPrefix}${NOTIFICATION_CONSUMER}`,
      log: (level, message) => this.logger[level](message),
    });
  }

  onApplicationBootstrap(): void {
    this.dispatcher.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.dispatcher.stop();
    this.email?.close();
    await this.publisher.disconnect();
  }
}
