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
import { AuthModule } from './auth/auth.module';
import { CasesController } from './cases/cases.controller';
import { MeetingsController } from './meetings/meetings.controller';
import { MeetingsHandler } from './meetings/meetings.handler';
import { ActOnCaseHandler } from './cases/act-on-case/act-on-case.handler';
import { GetCaseHandler } from './cases/get-case/get-case.handler';
import { ListCasesHandler } from './cases/list-cases/list-cases.handler';
import { RaiseCaseHandler } from './cases/raise-case/raise-case.handler';
import { VisibleCases } from './cases/visible-cases';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
import { OrganisationModule } from './organisation/organisation.module';
import { TEMPORAL_CLIENT, temporalClientProvider } from './temporal/temporal-client.provider';

@Module({
  imports: [RuntimeModule, OrganisationModule, AuthModule, AuditAdminModule],
  controllers: [CasesController, MeetingsController, HealthController],
  providers: [
    MeetingsHandler,
    temporalClientProvider,
    VisibleCases,
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
