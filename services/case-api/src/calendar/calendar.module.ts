import { Module } from '@nestjs/common';
import { temporalClientProvider } from '../temporal/temporal-client.provider';
import { CalendarController } from './calendar.controller';
import { CalendarOverviewHandler } from './calendar-overview.handler';
import { LoadHolidayScheduleHandler } from './load-holiday-schedule.handler';

/** The working-day calendar's holiday data: coverage, loading a year, telling the open cases. */
@Module({
  controllers: [CalendarController],
  providers: [CalendarOverviewHandler, LoadHolidayScheduleHandler, temporalClientProvider],
})
export class CalendarModule {}
