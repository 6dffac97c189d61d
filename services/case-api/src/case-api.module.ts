import { Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import type { Client } from '@temporalio/client';
import type { Database } from '@bishan/db';
import {
  DATABASE,
  HEALTH_CHECKS,
  HealthController,
  RuntimeModule,
  WriteRateLimitInterceptor,
  calendarCoverageReader,
  calendarHealthCheck,
  registerCalendarGauges,
  type HealthChecks,
} from '@bishan/service-runtime';
import { AuditAdminModule } from './admin/audit-admin.module';
import { OrganisationAdminModule } from './admin/organisation-admin.module';
import { AuthModule } from './auth/auth.module';
import { CalendarModule } from './calendar/calendar.module';
import { CasesController } from './cases/cases.controller';
import { MeetingsController } from './meetings/meetings.controller';
import { MeetingsHandler } from './meetings/meetings.handler';
import { MediationsModule } from './mediations/mediations.module';
import { MeetingDutiesModule } from './meeting-duties/meeting-duties.module';
import { LedgerReviewsModule } from './ledger-reviews/ledger-reviews.module';
import { ActOnCaseHandler } from './cases/act-on-case/act-on-case.handler';
import { GetCaseHandler } from './cases/get-case/get-case.handler';
import { ListCasesHandler } from './cases/list-cases/list-cases.handler';
import { RaiseCaseHandler } from './cases/raise-case/raise-case.handler';
import { CaseRaiseStore } from './cases/raise-case/case-raise-store';
import { ResidentRaiseQuota } from './cases/raise-case/resident-raise-quota';
import { LikelyDuplicates } from './cases/likely-duplicates';
import { OfferedActions } from './cases/offered-actions';
import { VisibleCases } from './cases/visible-cases';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
import { IdempotencyPruner } from './idempotency/idempotency-pruner';
import { CaseApiErrorFilter } from './open311/case-api-error.filter';
import { Open311Controller } from './open311/open311.controller';
import { Open311Handler } from './open311/open311.handler';
import { OrganisationModule } from './organisation/organisation.module';
import { OpsModule } from './ops/ops.module';
import { PoliciesModule } from './policies/policies.module';
import { ReconciliationModule } from './reconciliation/reconciliation.module';
import { TEMPORAL_CLIENT, temporalClientProvider } from './temporal/temporal-client.provider';

@Module({
  imports: [
    RuntimeModule,
    OrganisationModule,
    AuthModule,
    AuditAdminModule,
    OrganisationAdminModule,
    ReconciliationModule,
    OpsModule,
    CalendarModule,
    MediationsModule,
    MeetingDutiesModule,
    PoliciesModule,
    LedgerReviewsModule,
  ],
  controllers: [CasesController, MeetingsController, Open311Controller, HealthController],
  providers: [
    MeetingsHandler,
    temporalClientProvider,
    VisibleCases,
    LikelyDuplicates,
    OfferedActions,
    RaiseCaseHandler,
    CaseRaiseStore,
    ResidentRaiseQuota,
    ActOnCaseHandler,
    GetCaseHandler,
    ListCasesHandler,
    Open311Handler,
    { provide: APP_FILTER, useClass: CaseApiErrorFilter },
    // Limits first: a refused write claims no Idempotency-Key.
    { provide: APP_INTERCEPTOR, useClass: WriteRateLimitInterceptor },
    { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
    IdempotencyPruner,
    {
      provide: HEALTH_CHECKS,
      inject: [DATABASE, TEMPORAL_CLIENT],
      // The broker is not a dependency of taking a case: events wait in the outbox (the case worker
      // relays them when the broker is back), so a broker outage must not take the API out of service.
      useFactory: (db: Database, temporal: Client): HealthChecks => {
        const coverage = calendarCoverageReader(db);
        registerCalendarGauges(coverage);
        return {
          database: () => db.$queryRawUnsafe('SELECT 1'),
          temporal: () => temporal.workflowService.getSystemInfo({}),
          // Degraded (not failing) from 60 days before the holiday data runs out.
          calendar: calendarHealthCheck(coverage),
        };
      },
    },
  ],
})
export class CaseApiModule {}
