import { Inject, Injectable } from '@nestjs/common';
import { AdminAuditLog, type Database } from '@bishan/db';
import type { Actor } from '@bishan/domain';
import { DATABASE } from '@bishan/service-runtime';
import type { WebhookStyle } from '../channels/webhook.channel';

export interface WebhookScope {
  scopeKind: 'town' | 'department' | 'village';
  scopeId: string;
}

/** The group robots, one per town, department or village; every change enters the admin audit chain. */
@Injectable()
export class WebhooksRepository {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly audit: AdminAuditLog,
  ) {}

  list() {
    return this.db.notificationWebhook.findMany({ orderBy: [{ scopeKind: 'asc' }, { scopeId: 'asc' }] });
  }

  /** Sets a scope's robot; the robot and its audit entry (`audited`, never the URL's key) commit together. */
  set(actor: Actor, scope: WebhookScope, robot: { url: string; style: WebhookStyle }, audited: Record<string, string>, at: Date) {
    const data = { ...robot, updatedAt: at };
    return this.db.$transaction(async (tx) => {
      const saved = await tx.notificationWebhook.upsert({ where: { scopeKind_scopeId: scope }, create: { ...scope, ...data }, update: data });
      await this.audit.appendIn(tx, {
        actor,
        action: 'notification.webhook.set',
        target: `webhook:${scope.scopeKind}/${scope.scopeId}`,
        data: audited,
      });
      return saved;
    });
  }
}
