import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { devSigningKeyProvider, tokenVerifierProvider } from '@bishan/auth';
import type { Database } from '@bishan/db';
import {
  APP_CONFIG,
  DATABASE,
  HEALTH_CHECKS,
  HealthController,
  ProblemDetailsFilter,
  RuntimeModule,
  WriteRateLimitInterceptor,
  type HealthChecks,
} from '@bishan/service-runtime';
import { ReportingConsumerService } from './case-events/reporting-consumer.service';
import { BearerAuthGuard } from './http/bearer-auth.guard';
import { ReportScope } from './http/report-scope';
import { KpiFactsRepository } from './kpis/kpi-facts.repository';
import { KpisController } from './kpis/kpis.controller';
import { ReportFactsRepository } from './report-facts.repository';
import { ReportsController } from './reports.controller';

@Module({
  imports: [RuntimeModule],
  controllers: [HealthController, ReportsController, KpisController],
  providers: [
    ReportingConsumerService,
    ReportScope,
    { provide: ReportFactsRepository, inject: [DATABASE], useFactory: (db: Database) => new ReportFactsRepository(db) },
    { provide: KpiFactsRepository, inject: [DATABASE], useFactory: (db: Database) => new KpiFactsRepository(db) },
    // Verifies the case API's tokens: in AUTH_MODE=development this needs the case API's DEV_AUTH_SECRET.
    devSigningKeyProvider(APP_CONFIG),
    tokenVerifierProvider(APP_CONFIG, DATABASE),
    { provide: APP_GUARD, useClass: BearerAuthGuard },
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
    { provide: APP_INTERCEPTOR, useClass: WriteRateLimitInterceptor },
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
