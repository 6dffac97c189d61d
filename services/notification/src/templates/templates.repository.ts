import { Inject, Injectable } from '@nestjs/common';
import { AdminAuditLog, type Database } from '@bishan/db';
import type { Actor } from '@bishan/domain';
import { DATABASE } from '@bishan/service-runtime';

/** The message templates as administrators read and replace them; every change enters the admin audit chain. */
@Injectable()
export class TemplatesRepository {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly audit: AdminAuditLog,
  ) {}

  list() {
    return this.db.notificationTemplate.findMany({ orderBy: [{ kind: 'asc' }, { channel: 'asc' }] });
  }

  /** Replaces one template, by its editor; the template and its audit entry commit together. */
  set(actor: Actor, key: { kind: string; channel: string }, text: { subject: string; body: string }, at: Date) {
    const data = { ...text, updatedAt: at, updatedBy: actor.id };
    return this.db.$transaction(async (tx) => {
      const saved = await tx.notificationTemplate.upsert({ where: { kind_channel: key }, create: { ...key, ...data }, update: data });
      await this.audit.appendIn(tx, { actor, action: 'notification.template.set', target: `template:${key.kind}/${key.channel}`, data: text });
      return saved;
    });
  }
}
