import { Controller, Get, Inject, Query, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import type { Database } from '@bishan/db';
import type { Actor } from '@bishan/domain';
import { DATABASE, ZodValidationPipe, requireRole } from '@bishan/service-runtime';
import { CurrentActor, TokenAuthGuard } from '../http/token-auth.guard';

const deliveriesQuery = z
  .object({
    eventId: z.string().min(1).max(300).optional(),
    caseId: z.string().min(1).max(100).optional(),
    status: z.enum(['pending', 'delivered', 'dead']).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

/** Where each message went, how often it was tried, and the last error: for operations. */
@ApiTags('deliveries')
@UseGuards(TokenAuthGuard)
@Controller('admin/notification-deliveries')
export class DeliveriesController {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  @Get()
  @ApiOperation({ summary: 'Deliveries per message and channel, newest first' })
  list(
    @CurrentActor() actor: Actor,
    @Query(new ZodValidationPipe(deliveriesQuery, 'query')) query: z.infer<typeof deliveriesQuery>,
  ) {
    requireRole(actor, 'admin');
    return this.db.notificationDelivery.findMany({
      where: {
        eventId: query.eventId,
        status: query.status,
        ...(query.caseId
          ? {
              OR: [
                { eventId: { startsWith: `${query.caseId}/` } },
                { messageId: { contains: query.caseId } },
              ],
            }
          : {}),
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      take: query.limit,
    });
  }
}
