import { Inject, Injectable } from '@nestjs/common';
import type { Database } from '@bishan/db';
import { DATABASE } from '@bishan/service-runtime';

/** The deliveries of messages to channels as operations read them. */
@Injectable()
export class DeliveriesRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** Newest first, by event, case (its events' ids and its messages') and status, any left open. */
  list(query: { eventId?: string; caseId?: string; status?: 'pending' | 'delivered' | 'dead'; limit: number }) {
    return this.db.notificationDelivery.findMany({
      where: {
        eventId: query.eventId,
        status: query.status,
        ...(query.caseId ? { OR: [{ eventId: { startsWith: `${query.caseId}/` } }, { messageId: { contains: query.caseId } }] } : {}),
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      take: query.limit,
    });
  }
}
