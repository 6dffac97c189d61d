import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ZodValidationPipe } from '@bishan/service-runtime';
import { AdminOnlyGuard } from '../auth/admin-only.guard';
import { OpsOverviewHandler } from './ops-overview.handler';
import { opsOverviewQuery, type OpsOverviewQuery } from './ops.schemas';

@ApiTags('ops')
@ApiBearerAuth()
@UseGuards(AdminOnlyGuard)
@Controller('ops')
export class OpsController {
  constructor(private readonly overview: OpsOverviewHandler) {}

  @Get('overview')
  @ApiOperation({
    summary:
      'Workflows by state, deadlines due soon, activities failing now, outbox backlog, Kafka consumer lag and dead letters (admin only)',
  })
  get(@Query(new ZodValidationPipe(opsOverviewQuery, 'query')) query: OpsOverviewQuery) {
    return this.overview.overview(query);
  }
}
