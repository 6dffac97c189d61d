import { Inject, Injectable } from '@nestjs/common';
import { currentOrganisation, PublicNoticeRepository, type BishanOrganisation, type Database } from '@bishan/db';
import { placeScopeOf, publicReference, type Actor, type PlaceScope } from '@bishan/domain';
import { DATABASE } from '@bishan/service-runtime';

/**
 * Public notices to residents (结果公开) as a reader may see them: a resident those of their own
 * village, officials those of their places (placeScopeOf); each named by its public reference.
 */
@Injectable()
export class PublicNoticesHandler {
  private readonly notices: PublicNoticeRepository;
  private readonly organisation: () => Promise<BishanOrganisation>;

  constructor(@Inject(DATABASE) db: Database) {
    this.notices = new PublicNoticeRepository(db);
    this.organisation = currentOrganisation(db);
  }

  async list(actor: Actor, query: { villageId?: string; caseId?: string; limit: number }) {
    const rows = await this.notices.list({ visibleTo: await this.readable(actor), villageId: query.villageId, caseId: query.caseId }, query.limit);
    return { items: rows.map(({ caseId, ...row }) => ({ ...row, caseId, reference: publicReference(caseId) })) };
  }

  private async readable(actor: Actor): Promise<PlaceScope> {
    if (actor.role === 'resident') return { townIds: [], villageIds: actor.villageId ? [actor.villageId] : [] };
    return placeScopeOf(actor, await this.organisation());
  }
}
