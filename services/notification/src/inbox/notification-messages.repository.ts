import { Inject, Injectable } from '@nestjs/common';
import type { Database } from '@bishan/db';
import { DATABASE } from '@bishan/service-runtime';

/** The inbox messages (notificationMessage) as the inbox and the administrators' list read and mark them. */
@Injectable()
export class NotificationMessagesRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** One page of a person's inbox, newest first, with how many there are and how many are unread. */
  async inboxPage(recipient: string, query: { unreadOnly: boolean; page: number; pageSize: number }) {
    const where = { recipient, ...(query.unreadOnly ? { readAt: null } : {}) };
    const [items, total, unread] = await Promise.all([
      this.db.notificationMessage.findMany({
        where,
        orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
        skip: (query.page - 1) * query.pageSize,
        take: query.pageSize,
      }),
      this.db.notificationMessage.count({ where }),
      this.unreadOf(recipient),
    ]);
    return { items, total, unread };
  }

  /** Marks a person's unread messages read, the named ones or all; others' ids simply match nothing. */
  async markRead(recipient: string, ids: readonly string[] | 'all', at: Date): Promise<{ marked: number; unread: number }> {
    const marked = await this.db.notificationMessage.updateMany({
      where: { recipient, readAt: null, ...(ids === 'all' ? {} : { id: { in: [...ids] } }) },
      data: { readAt: at },
    });
    return { marked: marked.count, unread: await this.unreadOf(recipient) };
  }

  /** Messages newest first, of one case and/or one recipient (either may be left open). */
  list(query: { caseId?: string; recipient?: string; limit: number }) {
    return this.db.notificationMessage.findMany({
      where: { caseId: query.caseId, recipient: query.recipient },
      orderBy: { createdAt: 'desc' },
      take: query.limit,
    });
  }

  private unreadOf(recipient: string): Promise<number> {
    return this.db.notificationMessage.count({ where: { recipient, readAt: null } });
  }
}
