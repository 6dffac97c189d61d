import { Body, Controller, Get, HttpCode, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@bishan/domain';
import { CurrentActor, openApiSchemaOf, ZodValidationPipe } from '@bishan/service-runtime';
import { AdminOnlyGuard } from '../auth/admin-only.guard';
import { OpsOverviewHandler } from './ops-overview.handler';
import { opsOverviewQuery, retryParkedBody, type OpsOverviewQuery, type RetryParkedBody } from './ops.schemas';
import { OutboxOpsHandler } from './outbox-ops.handler';

@ApiTags('ops')
@ApiBearerAuth()
@UseGuards(AdminOnlyGuard)
@Controller('ops')
export class OpsController {
  constructor(
    private readonly overview: OpsOverviewHandler,
    private readonly outbox: OutboxOpsHandler,
  ) {}

  @Get('overview')
  @ApiOperation({
    summary:
      'Workflows by state, deadlines due soon, activities failing now, outbox backlog and parked events, Kafka consumer lag and dead letters (admin only)',
  })
  get(@Query(new ZodValidationPipe(opsOverviewQuery, 'query')) query: OpsOverviewQuery) {
    return this.overview.overview(query);
  }

  @Post('outbox/retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'Puts parked outbox events back in line: the relay tries each again (admin only)' })
  @ApiBody({ schema: openApiSchemaOf(retryParkedBody) })
  retry(@CurrentActor() actor: Actor, @Body(new ZodValidationPipe(retryParkedBody)) body: RetryParkedBody) {
    return this.outbox.retry(actor, body.eventIds);
  }
}
