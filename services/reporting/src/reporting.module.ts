import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { Database } from '@bishan/db';
import {
  DATABASE,
  HEALTH_CHECKS,
  HealthController,
  ProblemDetailsFilter,
  RuntimeModule,
  type HealthChecks,
} from '@bishan/service-runtime';
import { ReportingConsumerService } from './case-events/reporting-consumer.service';
import { KpisController } from './kpis/kpis.controller';
import { ReportsController } from './reports.controller';

@Module({
  imports: [RuntimeModule],
  controllers: [HealthController, ReportsController, KpisController],
  providers: [
    ReportingConsumerService,
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
    {
      provide: HEALTH_CHECKS,
      inject: [DATABASE, ReportingConsumerService],
      useFactory: (db: Database, consumer: ReportingConsumerService): HealthChecks => ({
        database: () => db.$queryRawUnsafe('SELECT 1'),
        kafka: () => consumer.ping(),
      }),
    },
  ],
})
export class ReportingModule {}
