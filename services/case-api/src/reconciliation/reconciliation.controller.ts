import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@bishan/domain';
import { CurrentActor, openApiSchemaOf, ZodValidationPipe } from '@bishan/service-runtime';
import { AdminOnlyGuard } from '../auth/admin-only.guard';
import { officialsOnly } from './reconciliation-problems';
import { ReconciliationHandler } from './reconciliation.handler';
import {
  listReconciliationsQuery,
  monthParam,
  signOffBody,
  startReconciliationBody,
  type ListReconciliationsQuery,
  type SignOffBody,
  type StartReconciliationBody,
} from './reconciliation.schemas';

/** Residents see their own cases, not the district's books. */
function requireOfficial(actor: Actor): void {
  if (actor.role === 'resident') throw officialsOnly(actor.role);
}

@ApiTags('operations-reconciliation')
@ApiBearerAuth()
@Controller('reconciliations')
export class ReconciliationController {
  constructor(private readonly reconciliations: ReconciliationHandler) {}

  @Get()
  @ApiOperation({
    summary:
      'Operations reconciliations (运行对账: the ledger checked against the case workflows), newest month first; 对账销号 is /ledger-reviews',
  })
  @ApiQuery({ name: 'month', required: false, schema: { type: 'string', pattern: '^\\d{4}-\\d{2}$' } })
  list(
    @CurrentActor() actor: Actor,
    @Query(new ZodValidationPipe(listReconciliationsQuery, 'query')) query: ListReconciliationsQuery,
  ) {
    requireOfficial(actor);
    return this.reconciliations.list(query.month, actor);
  }

  @Post()
  @HttpCode(202)
  @UseGuards(AdminOnlyGuard)
  @ApiOperation({
    summary: 'Start the reconciliation of a month by hand (admin; the schedule runs it on the 1st)',
  })
  @ApiBody({ schema: openApiSchemaOf(startReconciliationBody) })
  start(@Body(new ZodValidationPipe(startReconciliationBody)) body: StartReconciliationBody) {
    return this.reconciliations.start(body.month);
  }

  @Get('snapshots/:month')
  @ApiOperation({ summary: "A signed-off month's immutable snapshot, with its content hash checked" })
  snapshot(
    @CurrentActor() actor: Actor,
    @Param('month', new ZodValidationPipe(monthParam, 'path')) month: string,
  ) {
    requireOfficial(actor);
    return this.reconciliations.snapshot(month, actor);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One reconciliation: its mismatches, the sign-offs it needs and those given' })
  get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    requireOfficial(actor);
    return this.reconciliations.get(id, actor);
  }

  @Get(':id/mismatches')
  @ApiOperation({ summary: "A reconciliation's mismatches between the ledger and the case workflows" })
  mismatches(@CurrentActor() actor: Actor, @Param('id') id: string) {
    requireOfficial(actor);
    return this.reconciliations.mismatches(id, actor);
  }

  @Post(':id/sign-offs')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Sign a reconciliation off: the leader of the responsible department, a town leader of the unit, or the person',
  })
  @ApiBody({ schema: openApiSchemaOf(signOffBody) })
  signOff(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body(new ZodValidationPipe(signOffBody)) body: SignOffBody,
  ) {
    return this.reconciliations.signOff(id, actor, body.slot, body.note);
  }
}
