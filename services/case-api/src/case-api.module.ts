import { Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
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
import { AuditAdminModule } from './admin/audit-admin.module';
import { CasesController } from './cases/cases.controller';
import { ActOnCaseHandler } from './cases/act-on-case/act-on-case.handler';
import { GetCaseHandler } from './cases/get-case/get-case.handler';
import { ListCasesHandler } from './cases/list-cases/list-cases.handler';
import { RaiseCaseHandler } from './cases/raise-case/raise-case.handler';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
import { directoryProvider } from './organisation/directory.provider';
import { TEMPORAL_CLIENT, temporalClientProvider } from './temporal/temporal-client.provider';

@Module({
  imports: [RuntimeModule, AuditAdminModule],
  controllers: [CasesController, HealthController],
  providers: [
    temporalClientProvider,
    directoryProvider,
    RaiseCaseHandler,
    ActOnCaseHandler,
    GetCaseHandler,
    ListCasesHandler,
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
    { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
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
