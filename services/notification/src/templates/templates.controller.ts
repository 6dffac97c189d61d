import { Body, Controller, Get, HttpStatus, Inject, Param, Put, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import type { Database } from '@bishan/db';
import type { Actor } from '@bishan/domain';
import { DATABASE, ProblemException, ZodValidationPipe, requireRole } from '@bishan/service-runtime';
import { CurrentActor, TokenAuthGuard } from '../http/token-auth.guard';
import { messageKinds, placeholdersOf, templateChannels } from './message-kinds';
import { templateIssues } from './render';

const templatePath = z.object({ kind: z.enum(messageKinds), channel: z.enum(templateChannels) }).strict();
const templateBody = z.object({ subject: z.string().max(200), body: z.string().min(1).max(2000) }).strict();

@ApiTags('templates')
@UseGuards(TokenAuthGuard)
@Controller('admin/notification-templates')
export class TemplatesController {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

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
  @ApiOperation({ summary: 'Replaces a template; unknown placeholders are refused, naming the field' })
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
    const row = await this.db.notificationTemplate.upsert({
      where: { kind_channel: path },
      create: { ...path, ...data },
      update: data,
    });
    return { ...row, placeholders: placeholdersOf[path.kind] };
  }
}
