import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import type { Database } from '@bishan/db';
import { DATABASE, ZodValidationPipe } from '@bishan/service-runtime';

const listQuery = z
  .object({
    caseId: z.string().min(1).max(100).optional(),
    recipient: z.string().min(1).max(100).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  @Get()
  @ApiOperation({ summary: 'Inbox messages, newest first' })
  list(@Query(new ZodValidationPipe(listQuery, 'query')) query: z.infer<typeof listQuery>) {
    return this.db.notificationMessage.findMany({
      where: { caseId: query.caseId, recipient: query.recipient },
      orderBy: { createdAt: 'desc' },
      take: query.limit,
    });
  }
}
