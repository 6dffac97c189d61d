import { Body, Controller, Get, HttpStatus, Inject, Param, Put, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import type { AppConfig } from '@bishan/config';
import type { Database } from '@bishan/db';
import type { Actor } from '@bishan/domain';
import { APP_CONFIG, DATABASE, ProblemException, ZodValidationPipe, requireRole } from '@bishan/service-runtime';
import { webhookStyles } from '../channels/webhook.channel';
import { CurrentActor, TokenAuthGuard } from '../http/token-auth.guard';
import { webhookUrlProblem } from './webhook-target';

const webhookPath = z
  .object({ scopeKind: z.enum(['town', 'department']), scopeId: z.string().min(1).max(100) })
  .strict();
const webhookBody = z
  .object({
    url: z.string().url().max(1000),
    style: z.enum(webhookStyles),
  })
  .strict();

/** The group robots that towns and departments receive escalation posts on. */
@ApiTags('webhooks')
@UseGuards(TokenAuthGuard)
@Controller('admin/notification-webhooks')
export class WebhooksController {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

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
    // Only https to an allowed robot host; the addresses it resolves to are checked again on every post.
    const refused = webhookUrlProblem(body.url, this.config.webhooks);
    if (refused)
      throw new ProblemException({
        type: 'https://bishan.example/problems/validation',
        title: 'request is not valid',
        status: HttpStatus.UNPROCESSABLE_ENTITY,
        detail: `body.url: ${refused}`,
        errors: [{ field: 'body.url', message: refused }],
      });
    const data = { ...body, updatedAt: new Date() };
    return this.db.notificationWebhook.upsert({
      where: { scopeKind_scopeId: path },
      create: { ...path, ...data },
      update: data,
    });
  }
}
