import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@bishan/domain';
import { ApiQueriesOf, CurrentActor, openApiSchemaOf, ZodValidationPipe } from '@bishan/service-runtime';
import {
  followUpBody,
  mediationListQuery,
  mediatorsQuery,
  recordMediationBody,
  type FollowUpBody,
  type MediationListQuery,
  type MediatorsQuery,
  type RecordMediationBody,
} from './mediation.schemas';
import { MediationsHandler } from './mediations.handler';

/**
 * Dispute mediations (调解). Kept by the village's secretary and the town's leadership; read within
 * one's places (placeScopeOf); the mediation KPIs of the reporting service are counted from them.
 */
@ApiTags('mediations')
@ApiBearerAuth()
@Controller('mediations')
export class MediationsController {
  constructor(private readonly mediations: MediationsHandler) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Record a mediation: parties, mediator, day, place, method, outcome, agreement, follow-up date' })
  @ApiBody({ schema: openApiSchemaOf(recordMediationBody) })
  record(@CurrentActor() actor: Actor, @Body(new ZodValidationPipe(recordMediationBody)) body: RecordMediationBody) {
    return this.mediations.record(actor, body);
  }

  @Post(':id/follow-up')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record whether the agreement held (once)' })
  @ApiBody({ schema: openApiSchemaOf(followUpBody) })
  followUp(@CurrentActor() actor: Actor, @Param('id') id: string, @Body(new ZodValidationPipe(followUpBody)) body: FollowUpBody) {
    return this.mediations.followUp(actor, id, body);
  }

  @Get()
  @ApiOperation({ summary: 'Mediations in my places, latest first' })
  @ApiQueriesOf(mediationListQuery)
  list(@CurrentActor() actor: Actor, @Query(new ZodValidationPipe(mediationListQuery, 'query')) query: MediationListQuery) {
    return this.mediations.list(actor, query);
  }

  @Get('mediators')
  @ApiOperation({ summary: 'Officials who may mediate in a village of my places, by name' })
  @ApiQueriesOf(mediatorsQuery)
  mediators(@CurrentActor() actor: Actor, @Query(new ZodValidationPipe(mediatorsQuery, 'query')) query: MediatorsQuery) {
    return this.mediations.mediators(actor, query.villageId);
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.mediations.get(actor, id);
  }
}
