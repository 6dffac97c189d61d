import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@bishan/config';
import {
  isCaseEvent,
  isGovernanceEvent,
  type CaseEvent,
  type CaseTopicEvent,
  type GovernanceEvent,
} from '@bishan/contracts';
import {
  currentOrganisation,
  ProcessedEventRepository,
  type BishanOrganisation,
  type Database,
} from '@bishan/db';
import { APP_CONFIG, CaseEventsConsumer, DATABASE } from '@bishan/service-runtime';
import { notifyOnGovernanceEvent } from '../governance/notify-on-governance-event.handler';
import { InboxStream } from '../inbox/inbox-stream';
import { NotificationReads } from './notification-reads';
import {
  NOTIFICATION_CONSUMER,
  notifyOnCaseEvent,
  type InboxMessage,
  type NotifySettings,
} from './notify-on-case-event.handler';

@Injectable()
export class NotificationConsumerService extends CaseEventsConsumer {
  private readonly processed: ProcessedEventRepository;
  private readonly settings: Omit<NotifySettings, 'org'>;
  /** Recipients follow the organisation as admins last edited it (revision-checked per event). */
  private readonly organisation: () => Promise<BishanOrganisation>;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(DATABASE) db: Database,
    private readonly inbox: InboxStream,
  ) {
    super(config, NOTIFICATION_CONSUMER);
    this.processed = new ProcessedEventRepository(db);
    this.organisation = currentOrganisation(db);
    this.settings = {
      emailDomain: config.notify.smtp ? config.notify.emailDomain : null,
      now: () => new Date(),
    };
  }

  protected async handle(event: CaseEvent): Promise<void> {
    const settings = { ...this.settings, org: await this.organisation() };
    const { outcome, messages } = await notifyOnCaseEvent(this.processed, event, settings);
    if (outcome === 'duplicate') this.logger.log(`${event.eventId} already applied; skipped`);
    // Only after the commit: a stream never shows a message the database does not have.
    this.inbox.publish(messages);
  }

  /** Meeting duty reminders and overdue notices; mediation events tell no one. */
  protected override async handleGovernanceEvent(event: GovernanceEvent): Promise<void> {
    const settings = { ...this.settings, org: await this.organisation() };
    const { outcome, messages } = await notifyOnGovernanceEvent(this.processed, event, settings);
    if (outcome === 'duplicate') this.logger.log(`${event.eventId} already applied; skipped`);
    this.inbox.publish(messages);
  }

  /** A run of events in one transaction; the inbox streams hear of the messages once it commits. */
  protected override async handleBatch(events: CaseTopicEvent[]): Promise<void> {
    const settings = { ...this.settings, org: await this.organisation(), reads: new NotificationReads() };
    const written: InboxMessage[] = [];
    await this.processed.applyEachOnce(
      events,
      async (processed, event) => {
        // Meeting events concern no one's inbox (see CaseEventsConsumer.handleMeetingEvent).
        if (!isCaseEvent(event) && !isGovernanceEvent(event)) return;
        const { outcome, messages } = isGovernanceEvent(event)
          ? await notifyOnGovernanceEvent(processed, event, settings)
          : await notifyOnCaseEvent(processed, event, settings);
        if (outcome === 'duplicate') this.logger.log(`${event.eventId} already applied; skipped`);
        written.push(...messages);
      },
      { lookUpTogether: this.byEventId },
    );
    this.inbox.publish(written);
  }
}
