import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { Client } from '@temporalio/client';
import type { Database } from '@bishan/db';
import {
  DATABASE,
  HEALTH_CHECKS,
  HealthController,
  ProblemDetailsFilter,
  RuntimeModule,
  type HealthChecks,
} from '@bishan/service-runtime';
import { CasesController } from './cases/cases.controller';
import { GetCaseHandler } from './cases/get-case/get-case.handler';
import { RaiseCaseHandler } from './cases/raise-case/raise-case.handler';
import { TEMPORAL_CLIENT, temporalClientProvider } from './temporal/temporal-client.provider';

@Module({
  imports: [RuntimeModule],
  controllers: [CasesController, HealthController],
  providers: [
    temporalClientProvider,
    RaiseCaseHandler,
    GetCaseHandler,
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
    {
      provide: HEALTH_CHECKS,
      inject: [DATABASE, TEMPORAL_CLIENT],
      useFactory: (db: Database, temporal: Client): HealthChecks => ({
        database: () => db.$queryRawUnsafe('SELECT 1'),
        temporal: () => temporal.workflowService.getSystemInfo({}),
      }),
    },
  ],
})
export class CaseApiModule {}
