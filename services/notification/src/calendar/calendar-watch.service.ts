import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import {
  HolidayScheduleRepository,
  ProcessedEventRepository,
  currentOrganisation,
  seedUsers,
  type BishanOrganisation,
  type Database,
} from '@bishan/db';
import { calendarCoverage, shanghaiDateOf } from '@bishan/domain';
import { PollingLoop } from '@bishan/messaging';
import { DATABASE } from '@bishan/service-runtime';
import { InboxStream } from '../inbox/inbox-stream';
import { applyNotice, type InboxMessage } from '../case-events/notify-on-case-event.handler';
import { dueWarning } from './calendar-watch';

/**
 * The once-only marks of the warnings, apart from the Kafka consumer's: those are the events of the
 * outbox, which the fault suites' invariants compare one for one; a warning is no such event.
 */
const CALENDAR_WATCH = 'notification.calendar-watch';

const CHECK_EVERY_MS = 60 * 60_000;

/**
 * Tells the administrators, in their inbox and on their channels, that the holiday data runs out:
 * at 60, 30, 14, 7, 3, 1 and 0 days before its last day, then every day after it, each once
 * (keyed like an event, so several instances write it once between them).
 */
@Injectable()
export class CalendarWatchService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('calendar-watch');
  private readonly schedules: HolidayScheduleRepository;
  private readonly processed: ProcessedEventRepository;
  private readonly organisation: () => Promise<BishanOrganisation>;
  private readonly loop: PollingLoop;

  constructor(
    @Inject(DATABASE) db: Database,
    private readonly inbox: InboxStream,
  ) {
    this.schedules = new HolidayScheduleRepository(db);
    this.processed = new ProcessedEventRepository(db);
    this.organisation = currentOrganisation(db);
    this.loop = new PollingLoop(
      async () => {
        await this.check();
      },
      {
        name: 'holiday data check',
        intervalMs: CHECK_EVERY_MS,
        log: (level, message) => this.logger[level](message),
      },
    );
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.loop.stop();
  }

  /** Writes the warning due today, if any and not written yet; returns the messages written. */
  async check(now = new Date()): Promise<InboxMessage[]> {
    const coverage = calendarCoverage(await this.schedules.calendarData(), shanghaiDateOf(now));
    const key = dueWarning(coverage);
    if (!key) return [];
    const org = await this.organisation();
    const admins = seedUsers(org)
      .filter((user) => user.roles.includes('admin'))
      .map((user) => user.id);
    let written: InboxMessage[] = [];
    const outcome = await this.processed.applyOnce(CALENDAR_WATCH, key, async (tx) => {
      written = await applyNotice(
        tx,
        { eventId: key, caseId: '', occurredAt: now.toISOString() },
        {
          kind: 'calendarRunningOut',
          urgent: coverage.daysLeft <= 7,
          recipients: admins,
          groups: [],
          values: {
            coveredThrough: coverage.coveredThrough,
            daysLeft: String(Math.max(coverage.daysLeft, 0)),
            nextYear: String(Number(coverage.coveredThrough.slice(0, 4)) + 1),
          },
        },
        { org, emailDomain: null, now: () => now },
      );
    });
    if (outcome === 'applied') {
      this.logger.warn(`holiday data ends ${coverage.coveredThrough} (${coverage.daysLeft} days): told ${admins.join(', ')}`);
      this.inbox.publish(written);
    }
    return outcome === 'applied' ? written : [];
  }
}
