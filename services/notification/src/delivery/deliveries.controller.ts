import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import type { Actor } from '@bishan/domain';
import { CurrentActor, requireRole, ZodValidationPipe } from '@bishan/service-runtime';
import { TokenAuthGuard } from '../http/token-auth.guard';
import { DeliveriesRepository } from './deliveries.repository';

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
  constructor(private readonly deliveries: DeliveriesRepository) {}

  @Get()
  @ApiOperation({ summary: 'Deliveries per message and channel, newest first' })
  list(
    @CurrentActor() actor: Actor,
    @Query(new ZodValidationPipe(deliveriesQuery, 'query')) query: z.infer<typeof deliveriesQuery>,
  ) {
    requireRole(actor, 'admin');
    return this.deliveries.list(query);
  }
}
