import { Body, Controller, Get, HttpStatus, Inject, Param, Put, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import type { AppConfig } from '@bishan/config';
import { createHash } from 'node:crypto';
import type { Actor } from '@bishan/domain';
import { APP_CONFIG, CurrentActor, ProblemException, requireRole, ZodValidationPipe } from '@bishan/service-runtime';
import { webhookStyles } from '../channels/webhook.channel';
import { TokenAuthGuard } from '../http/token-auth.guard';
import { webhookUrlProblem } from './webhook-target';
import { WebhooksRepository } from './webhooks.repository';

const webhookPath = z
  .object({ scopeKind: z.enum(['town', 'department', 'village']), scopeId: z.string().min(1).max(100) })
  .strict();
const webhookBody = z
  .object({
    url: z.string().url().max(1000),
    style: z.enum(webhookStyles),
  })
  .strict();

/**
 * The group robots: a town's or a department's receives the staff's escalation posts; a village's is
 * its residents' group (村民小组群), which receives the public notices (结果公开) and nothing else.
 */
@ApiTags('webhooks')
@UseGuards(TokenAuthGuard)
@Controller('admin/notification-webhooks')
export class WebhooksController {
  constructor(
    private readonly webhooks: WebhooksRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Configured group robots' })
  list(@CurrentActor() actor: Actor) {
    requireRole(actor, 'admin');
    return this.webhooks.list();
  }

  @Put(':scopeKind/:scopeId')
  @ApiOperation({ summary: "Sets a town's or department's group robot; enters the admin audit chain" })
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
    // The robot and its audit entry commit together; the chain keeps no robot key.
    return this.webhooks.set(actor, path, body, { ...auditedUrl(body.url), style: body.style }, new Date());
  }
}

/**
 * A robot URL as the audit chain keeps it: the robot's key is in its query (`?key=`, `access_token=`)
 * and is a credential, so the chain holds the URL without its query and a SHA-256 fingerprint of
 * the whole URL, which tells one key from another without keeping either.
 */
function auditedUrl(url: string): { url: string; fingerprint: string } {
  const parsed = new URL(url);
  return { url: `${parsed.origin}${parsed.pathname}`, fingerprint: createHash('sha256').update(url).digest('hex') };
}
