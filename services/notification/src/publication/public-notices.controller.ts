import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import type { Actor } from '@bishan/domain';
import { CurrentActor, ZodValidationPipe } from '@bishan/service-runtime';
import { TokenAuthGuard } from '../http/token-auth.guard';
import { PublicNoticesHandler } from './public-notices.handler';

const listQuery = z
  .object({
    villageId: z.string().min(1).max(100).optional(),
    caseId: z.string().min(1).max(100).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

/** Public notices to residents (结果公开), as PublicNoticesHandler lets the reader see them. */
@ApiTags('public-notices')
@ApiBearerAuth()
@UseGuards(TokenAuthGuard)
@Controller('public-notices')
export class PublicNoticesController {
  constructor(private readonly notices: PublicNoticesHandler) {}

  @Get()
  @ApiOperation({ summary: "The village's public notices: triage results, handling plans and results, newest first" })
  list(@CurrentActor() actor: Actor, @Query(new ZodValidationPipe(listQuery, 'query')) query: z.infer<typeof listQuery>) {
    return this.notices.list(actor, query);
  }
}
