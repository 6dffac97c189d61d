import { Body, Controller, Get, Inject, Param, Put, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import type { Database } from '@bishan/db';
import type { Actor } from '@bishan/domain';
import { DATABASE, ZodValidationPipe, requireRole } from '@bishan/service-runtime';
import { webhookStyles } from '../channels/webhook.channel';
import { CurrentActor, TokenAuthGuard } from '../http/token-auth.guard';

const webhookPath = z
  .object({ scopeKind: z.enum(['town', 'department']), scopeId: z.string().min(1).max(100) })
  .strict();
const webhookBody = z
  .object({
    url: z
      .string()
      .url()
      .max(1000)
      .regex(/^https?:\/\//, 'must be an http(s) URL'),
    style: z.enum(webhookStyles),
  })
  .strict();

/** The group robots that towns and departments receive escalation posts on. */
@ApiTags('webhooks')
@UseGuards(TokenAuthGuard)
@Controller('admin/notification-webhooks')
export class WebhooksController {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  @Get()
  @ApiOperation({ summary: 'Configured group robots' })
  list(@CurrentActor() actor: Actor) {
    requireRole(actor, 'admin');
    return this.db.notificationWebhook.findMany({ orderBy: [{ scopeKind: 'asc' }, { scopeId: 'asc' }] });
  }

  @Put(':scopeKind/:scopeId')
  @ApiOperation({ summary: "Sets a town's or department's group robot" })
  set(
    @CurrentActor() actor: Actor,
    @Param(new ZodValidationPipe(webhookPath, 'path')) path: z.infer<typeof webhookPath>,
    @Body(new ZodValidationPipe(webhookBody)) body: z.infer<typeof webhookBody>,
  ) {
    requireRole(actor, 'admin');
    const data = { ...body, updatedAt: new Date() };
    return this.db.notificationWebhook.upsert({
      where: { scopeKind_scopeId: path },
      create: { ...path, ...data },
      update: data,
    });
  }
}
