import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '@bishan/config';
import { caseEventContractTypes } from '@bishan/contracts';
import { AdminAuditLog, OutboxRepository, type Database } from '@bishan/db';
import type { Actor, CaseEventType } from '@bishan/domain';
import { APP_CONFIG, DATABASE } from '@bishan/service-runtime';

/** The domain's name of a case event from its wire name (`case.raised` → `caseRaised`), for the console's labels. */
const domainTypeOf = new Map(Object.entries(caseEventContractTypes).map(([domain, wire]) => [wire as string, domain as CaseEventType]));

/**
 * The outbox as an operator sees it: the backlog, rows whose publish failed, and the events the
 * broker kept refusing, parked by the case worker's relay with the events of their key waiting
 * behind them; an admin puts parked events back in line once the cause is fixed.
 */
@Injectable()
export class OutboxOpsHandler {
  private readonly logger = new Logger('ops');
  private readonly outbox: OutboxRepository;
  private readonly audit: AdminAuditLog;

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.outbox = new OutboxRepository(db);
    this.audit = new AdminAuditLog(db, config.audit);
  }

  async overview(limit: number) {
    const unpublished = { publishedAt: null };
    const [backlog, failing, oldest, parked] = await Promise.all([
      this.outbox.backlog(),
      this.db.outboxEvent.count({ where: { ...unpublished, attempts: { gt: 0 } } }),
      this.db.outboxEvent.findFirst({ where: unpublished, orderBy: { sequence: 'asc' }, select: { occurredAt: true } }),
      this.outbox.parked(limit),
    ]);
    // A case event's key is its case id; a meeting's events are keyed by the meeting.
    const cases = await this.db.case.findMany({
      where: { id: { in: [...new Set(parked.items.map((item) => item.key))] } },
      select: { id: true },
    });
    const caseIds = new Set(cases.map((c) => c.id));
    return {
      backlog,
      failing,
      oldestOccurredAt: oldest?.occurredAt.toISOString() ?? null,
      parked: {
        total: parked.total,
        waitingBehind: parked.waitingBehind,
        items: parked.items.map((item) => ({
          eventId: item.eventId,
          type: item.type,
          caseEventType: domainTypeOf.get(item.type) ?? null,
          topic: item.topic,
          key: item.key,
          caseId: caseIds.has(item.key) ? item.key : null,
          occurredAt: item.occurredAt.toISOString(),
          attempts: item.attempts,
          refusals: item.refusals,
          lastError: item.lastError,
          parkedAt: item.parkedAt.toISOString(),
        })),
      },
    };
  }

  async retry(actor: Actor, eventIds: readonly string[]): Promise<{ retried: string[]; notParked: string[] }> {
    // An admin's retry enters the admin audit chain with the rows it put back.
    const outcome = await this.outbox.retryParked(eventIds, (tx, retried) =>
      this.audit.appendIn(tx, { actor, action: 'ops.outbox.retry', target: 'outbox', data: { eventIds: retried } }),
    );
    this.logger.log({ event: 'outbox.retry', adminId: actor.id, retried: outcome.retried, notParked: outcome.notParked });
    return outcome;
  }
}
