import { Controller, Get, Inject, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { currentOrganisation, PublicNoticeRepository, type BishanOrganisation, type Database } from '@bishan/db';
import { placeScopeOf, publicReference, type Actor, type PlaceScope } from '@bishan/domain';
import { DATABASE, ZodValidationPipe } from '@bishan/service-runtime';
import { CurrentActor, TokenAuthGuard } from '../http/token-auth.guard';

const listQuery = z
  .object({
    villageId: z.string().min(1).max(100).optional(),
    caseId: z.string().min(1).max(100).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

/**
 * Public notices to residents (结果公开): a resident reads those of their own village, officials
 * those of their places (placeScopeOf). The texts were written without staff ids or internal notes.
 */
@ApiTags('public-notices')
@ApiBearerAuth()
@UseGuards(TokenAuthGuard)
@Controller('public-notices')
export class PublicNoticesController {
  private readonly notices: PublicNoticeRepository;
  private readonly organisation: () => Promise<BishanOrganisation>;

  constructor(@Inject(DATABASE) db: Database) {
    this.notices = new PublicNoticeRepository(db);
    this.organisation = currentOrganisation(db);
  }

  @Get()
  @ApiOperation({ summary: "The village's public notices: triage results, handling plans and results, newest first" })
  async list(@CurrentActor() actor: Actor, @Query(new ZodValidationPipe(listQuery, 'query')) query: z.infer<typeof listQuery>) {
    const rows = await this.notices.list({ visibleTo: await this.readable(actor), villageId: query.villageId, caseId: query.caseId }, query.limit);
    return { items: rows.map(({ caseId, ...row }) => ({ ...row, caseId, reference: publicReference(caseId) })) };
  }

  private async readable(actor: Actor): Promise<PlaceScope> {
    if (actor.role === 'resident') return { townIds: [], villageIds: actor.villageId ? [actor.villageId] : [] };
    return placeScopeOf(actor, await this.organisation());
  }
}
