import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@bishan/config';
import {
  isGovernanceEvent,
  isMeetingEvent,
  type CaseEvent,
  type CaseTopicEvent,
  type GovernanceEvent,
  type MeetingEvent,
} from '@bishan/contracts';
import { ProcessedEventRepository, type Database } from '@bishan/db';
import { APP_CONFIG, CaseEventsConsumer, DATABASE } from '@bishan/service-runtime';
import { CaseFactWrites, recordCaseFact, REPORTING_CONSUMER } from './record-case-fact.handler';
import { recordGovernanceFact } from './record-governance-fact.handler';
import { recordMeetingFact } from './record-meeting-fact.handler';

@Injectable()
export class ReportingConsumerService extends CaseEventsConsumer {
  private readonly processed: ProcessedEventRepository;

  constructor(@Inject(APP_CONFIG) config: AppConfig, @Inject(DATABASE) db: Database) {
    super(config, REPORTING_CONSUMER);
    this.processed = new ProcessedEventRepository(db);
  }

  protected async handle(event: CaseEvent): Promise<void> {
    const outcome = await recordCaseFact(this.processed, event);
    if (outcome === 'duplicate') this.logger.log(`${event.eventId} already applied; skipped`);
  }

  /** A run of events in one transaction: the facts of a busy minute commit together. */
  protected override async handleBatch(events: CaseTopicEvent[]): Promise<void> {
    const caseRows = new CaseFactWrites();
    await this.processed.applyEachOnce(
      events,
      async (processed, event) => {
        const outcome = await (isMeetingEvent(event)
          ? recordMeetingFact(processed, event)
          : isGovernanceEvent(event)
            ? recordGovernanceFact(processed, event)
            : recordCaseFact(processed, event, caseRows));
        if (outcome === 'duplicate') this.logger.log(`${event.eventId} already applied; skipped`);
      },
      { lookUpTogether: this.byEventId, beforeCommit: (tx) => caseRows.writeIn(tx) },
    );
  }

  protected override async handleGovernanceEvent(event: GovernanceEvent): Promise<void> {
    const outcome = await recordGovernanceFact(this.processed, event);
    if (outcome === 'duplicate') this.logger.log(`${event.eventId} already applied; skipped`);
  }

  protected override async handleMeetingEvent(event: MeetingEvent): Promise<void> {
    const outcome = await recordMeetingFact(this.processed, event);
    if (outcome === 'duplicate') this.logger.log(`${event.eventId} already applied; skipped`);
  }
}
