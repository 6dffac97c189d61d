import { Body, Controller, Get, Header, HttpCode, Param, Post, Put, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Actor } from '@bishan/domain';
import { CurrentActor, openApiSchemaOf, ZodValidationPipe } from '@bishan/service-runtime';
import { AdminOnlyGuard } from '../auth/admin-only.guard';
import { PoliciesHandler } from './policies.handler';
import {
  publishBody,
  updateDraftBody,
  versionParam,
  whatIfBody,
  type PublishBody,
  type UpdateDraftBody,
  type WhatIfBody,
} from './policies.schemas';
import { whatIfXlsx, xlsxContentType } from './what-if-xlsx';

const versionPipe = new ZodValidationPipe(versionParam, 'path');

/**
 * The case policy's versions (admin role only): drafts, their diff against the version in force,
 * what-if runs over the recorded history, and publication. Refusals are problem documents naming
 * the field: 404 unknown, 409 published (never changes), 422 a rule broken.
 */
@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(AdminOnlyGuard)
@Controller('admin/policies')
export class PoliciesController {
  constructor(private readonly policies: PoliciesHandler) {}

  @Get()
  @ApiOperation({ summary: 'Every version of the case policy: published (the one in force marked) and drafts' })
  list() {
    return this.policies.list();
  }

  @Post('drafts')
  @ApiOperation({ summary: 'A new draft: a copy of the version in force under the next free name' })
  createDraft(@CurrentActor() actor: Actor) {
    return this.policies.createDraft(actor);
  }

  @Get(':version')
  @ApiOperation({ summary: 'One version with its limits' })
  get(@Param('version', versionPipe) version: string) {
    return this.policies.get(version);
  }

  @Put(':version')
  @ApiOperation({ summary: "Replaces a draft's limits; 422 names each field the rules refuse" })
  @ApiBody({ schema: openApiSchemaOf(updateDraftBody) })
  update(@CurrentActor() actor: Actor, @Param('version', versionPipe) version: string, @Body(new ZodValidationPipe(updateDraftBody)) body: UpdateDraftBody) {
    return this.policies.updateDraft(actor, version, body);
  }

  @Get(':version/diff')
  @ApiOperation({ summary: 'What the version changes against the version in force, field by field' })
  diff(@Param('version', versionPipe) version: string) {
    return this.policies.diff(version);
  }

  @Post(':version/what-ifs')
  @ApiOperation({ summary: 'Simulates the draft over the cases raised in the last months (default 6); answers the run' })
  @ApiBody({ schema: openApiSchemaOf(whatIfBody) })
  startWhatIf(@CurrentActor() actor: Actor, @Param('version', versionPipe) version: string, @Body(new ZodValidationPipe(whatIfBody)) body: WhatIfBody) {
    return this.policies.startWhatIf(actor, version, body.months);
  }

  @Get(':version/what-ifs')
  @ApiOperation({ summary: "The version's what-if runs, newest first" })
  whatIfs(@Param('version', versionPipe) version: string) {
    return this.policies.whatIfRuns(version);
  }

  @Get(':version/what-ifs/:runId')
  @ApiOperation({ summary: "A run's progress and report (partial while it runs), with names for its ids" })
  whatIf(@Param('version', versionPipe) version: string, @Param('runId') runId: string) {
    return this.policies.whatIf(version, runId);
  }

  @Get(':version/what-ifs/:runId/report.xlsx')
  @Header('content-type', xlsxContentType)
  @ApiProduces(xlsxContentType)
  @ApiOperation({ summary: 'The run’s report as an Excel workbook, in Chinese' })
  async xlsx(@Param('version', versionPipe) version: string, @Param('runId') runId: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const { run, report, names } = await this.policies.whatIf(version, runId);
    const name = `what-if-${version}.xlsx`;
    void reply.header('content-disposition', `attachment; filename="${name}"; filename*=UTF-8''${encodeURIComponent(`规则模拟-${version}.xlsx`)}`);
    const heading = `规则草稿 ${version} 模拟:${run.windowFrom.slice(0, 10)} 至 ${run.windowUntil.slice(0, 10)} 立案的 ${run.casesDone} 件`;
    return whatIfXlsx(report, names, heading);
  }

  @Post(':version/publish')
  @HttpCode(200)
  @ApiOperation({ summary: 'Publishes a draft with a name, a reason and an effective time; it never changes again' })
  @ApiBody({ schema: openApiSchemaOf(publishBody) })
  publish(@CurrentActor() actor: Actor, @Param('version', versionPipe) version: string, @Body(new ZodValidationPipe(publishBody)) body: PublishBody) {
    return this.policies.publish(actor, version, body);
  }
}
