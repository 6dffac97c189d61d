import type { PlaceScope } from '@bishan/domain';
import type { Prisma } from '@prisma/client';
import type { Database } from '../prisma-client';

export interface PublicNoticeRow {
  id: string;
  caseId: string;
  townId: string;
  villageId: string;
  kind: string;
  title: string;
  text: string;
  publishedAt: Date;
}

/** The public notices (结果公开) the notification service wrote, for the pages that show them. */
export class PublicNoticeRepository {
  constructor(private readonly db: Database) {}

  /** Newest first, within the places given; a case's notices when `caseId` is given. */
  async list(filter: { visibleTo: PlaceScope; villageId?: string; caseId?: string }, limit: number): Promise<PublicNoticeRow[]> {
    const scope: Prisma.NotificationPublicNoticeWhereInput =
      filter.visibleTo === 'all'
        ? {}
        : { OR: [{ townId: { in: [...filter.visibleTo.townIds] } }, { villageId: { in: [...filter.visibleTo.villageIds] } }] };
    return this.db.notificationPublicNotice.findMany({
      where: { AND: [scope, { villageId: filter.villageId, caseId: filter.caseId }] },
      orderBy: [{ publishedAt: 'desc' }, { id: 'asc' }],
      take: limit,
      select: { id: true, caseId: true, townId: true, villageId: true, kind: true, title: true, text: true, publishedAt: true },
    });
  }
}
