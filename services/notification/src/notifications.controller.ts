import { Controller, Get, HttpStatus, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import type { Actor } from '@bishan/domain';
import { CurrentActor, ProblemException, ZodValidationPipe } from '@bishan/service-runtime';
import { TokenAuthGuard } from './http/token-auth.guard';
import { NotificationMessagesRepository } from './inbox/notification-messages.repository';

const listQuery = z
  .object({
    caseId: z.string().min(1).max(100).optional(),
    recipient: z.string().min(1).max(100).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

/**
 * Inbox messages across people, filtered by case: what an administrator checks when asked who was
 * told of a case (`/notifications/me` is the caller's own inbox, one person only). Anyone else is
 * held to their own messages: naming another recipient is refused rather than quietly narrowed.
 */
@ApiTags('notifications')
@ApiBearerAuth()
@UseGuards(TokenAuthGuard)
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly messages: NotificationMessagesRepository) {}

  @Get()
  @ApiOperation({ summary: "Inbox messages, newest first: anyone's for admin, else the caller's own" })
  list(
    @CurrentActor() actor: Actor,
    @Query(new ZodValidationPipe(listQuery, 'query')) query: z.infer<typeof listQuery>,
  ) {
    const admin = actor.role === 'admin';
    if (!admin && query.recipient !== undefined && query.recipient !== actor.id)
      throw new ProblemException({
        type: 'https://bishan.example/problems/forbidden',
        title: 'forbidden',
        status: HttpStatus.FORBIDDEN,
        detail: `only admin may list another person's notifications; '${actor.role}' may list only their own`,
        errors: [{ field: 'query.recipient', message: `must be '${actor.id}' (the token's subject) or absent` }],
      });
    return this.messages.list({ caseId: query.caseId, recipient: admin ? query.recipient : actor.id, limit: query.limit });
  }
}
