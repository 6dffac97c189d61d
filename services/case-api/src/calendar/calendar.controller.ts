import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@bishan/domain';
import { CurrentActor, openApiSchemaOf, ZodValidationPipe } from '@bishan/service-runtime';
import { AdminOnlyGuard } from '../auth/admin-only.guard';
import { CalendarOverviewHandler } from './calendar-overview.handler';
import { holidayScheduleBody, type HolidayScheduleBody } from './calendar.schemas';
import { LoadHolidayScheduleHandler } from './load-holiday-schedule.handler';

@ApiTags('calendar')
@ApiBearerAuth()
@UseGuards(AdminOnlyGuard)
@Controller('calendar')
export class CalendarController {
  constructor(
    private readonly overviewHandler: CalendarOverviewHandler,
    private readonly loadHandler: LoadHolidayScheduleHandler,
  ) {}

  @Get()
  @ApiOperation({ summary: 'How long the holiday data lasts, every loaded schedule, and the rollout of the latest (admin only)' })
  overview() {
    return this.overviewHandler.overview();
  }

  @Post('years')
  @HttpCode(201)
  @ApiOperation({
    summary:
      "Load a year's official holiday schedule (节假日安排) from the State Council's notice; every open case counts its provisional deadlines again (admin only)",
  })
  @ApiBody({ schema: openApiSchemaOf(holidayScheduleBody) })
  load(@Body(new ZodValidationPipe(holidayScheduleBody)) body: HolidayScheduleBody, @CurrentActor() actor: Actor) {
    return this.loadHandler.execute(body, actor);
  }
}
