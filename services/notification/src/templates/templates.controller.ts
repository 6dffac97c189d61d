import { Body, Controller, Get, HttpStatus, Inject, Param, Put, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import type { AppConfig } from '@bishan/config';
import { AdminAuditLog, type Database } from '@bishan/db';
import type { Actor } from '@bishan/domain';
import { APP_CONFIG, DATABASE, ProblemException, ZodValidationPipe, requireRole } from '@bishan/service-runtime';
import { CurrentActor, TokenAuthGuard } from '../http/token-auth.guard';
import { messageKinds, placeholdersOf, templateChannels } from './message-kinds';
import { templateIssues } from './render';

const templatePath = z.object({ kind: z.enum(messageKinds), channel: z.enum(templateChannels) }).strict();
const templateBody = z.object({ subject: z.string().max(200), body: z.string().min(1).max(2000) }).strict();

@ApiTags('templates')
@UseGuards(TokenAuthGuard)
@Controller('admin/notification-templates')
export class TemplatesController {
  private readonly audit: AdminAuditLog;

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.audit = new AdminAuditLog(db, config.audit);
  }

  @Get()
  @ApiOperation({ summary: 'Every template, with the placeholders its kind offers' })
  async list(@CurrentActor() actor: Actor) {
    requireRole(actor, 'admin');
    const rows = await this.db.notificationTemplate.findMany({
      orderBy: [{ kind: 'asc' }, { channel: 'asc' }],
    });
    return rows.map((row) => ({
      ...row,
      placeholders: placeholdersOf[row.kind as keyof typeof placeholdersOf] ?? [],
    }));
  }

  @Put(':kind/:channel')
  @ApiOperation({ summary: 'Replaces a template; unknown placeholders are refused, naming the field; enters the admin audit chain' })
  async update(
    @CurrentActor() actor: Actor,
    @Param(new ZodValidationPipe(templatePath, 'path')) path: z.infer<typeof templatePath>,
    @Body(new ZodValidationPipe(templateBody)) body: z.infer<typeof templateBody>,
  ) {
    requireRole(actor, 'admin');
    const issues = templateIssues(path.kind, body);
    if (issues.length > 0) {
      const errors = issues.map((issue) => ({ field: `body.${issue.field}`, message: issue.message }));
      throw new ProblemException({
        type: 'https://bishan.example/problems/validation',
        title: 'request is not valid',
        status: HttpStatus.UNPROCESSABLE_ENTITY,
        detail: errors.map((e) => `${e.field}: ${e.message}`).join('; '),
        errors,
      });
    }
    const data = { subject: body.subject, body: body.body, updatedAt: new Date(), updatedBy: actor.id };
    // The template and its audit entry commit together.
    const row = await this.db.$transaction(async (tx) => {
      const saved = await tx.notificationTemplate.upsert({
        where: { kind_channel: path },
        create: { ...path, ...data },
        update: data,
      });
      await this.audit.appendIn(tx, {
        actor,
        action: 'notification.template.set',
        target: `template:${path.kind}/${path.channel}`,
        data: { subject: body.subject, body: body.body },
      });
      return saved;
    });
    return { ...row, placeholders: placeholdersOf[path.kind] };
  }
}
