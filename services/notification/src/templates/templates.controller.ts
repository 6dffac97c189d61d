import { Body, Controller, Get, HttpStatus, Param, Put, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import type { Actor } from '@bishan/domain';
import { CurrentActor, ProblemException, requireRole, ZodValidationPipe } from '@bishan/service-runtime';
import { TokenAuthGuard } from '../http/token-auth.guard';
import { messageKinds, placeholdersOf, templateChannels } from './message-kinds';
import { templateIssues } from './render';
import { TemplatesRepository } from './templates.repository';

const templatePath = z.object({ kind: z.enum(messageKinds), channel: z.enum(templateChannels) }).strict();
const templateBody = z.object({ subject: z.string().max(200), body: z.string().min(1).max(2000) }).strict();

@ApiTags('templates')
@UseGuards(TokenAuthGuard)
@Controller('admin/notification-templates')
export class TemplatesController {
  constructor(private readonly templates: TemplatesRepository) {}

  @Get()
  @ApiOperation({ summary: 'Every template, with the placeholders its kind offers' })
  async list(@CurrentActor() actor: Actor) {
    requireRole(actor, 'admin');
    const rows = await this.templates.list();
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
    // The template and its audit entry commit together.
    const row = await this.templates.set(actor, path, { subject: body.subject, body: body.body }, new Date());
    return { ...row, placeholders: placeholdersOf[path.kind] };
  }
}
