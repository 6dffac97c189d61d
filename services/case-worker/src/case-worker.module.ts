import { Module } from '@nestjs/common';
import type { Database } from '@bishan/db';
import {
  DATABASE,
  HEALTH_CHECKS,
  HealthController,
  RuntimeModule,
  calendarCoverageReader,
  calendarHealthCheck,
  registerCalendarGauges,
  type HealthChecks,
} from '@bishan/service-runtime';
import { AuditAnchorService } from './audit/audit-anchor.service';
import { OutboxRelayService } from './outbox/outbox-relay.service';
import { CaseWorkerService } from './temporal/case-worker.service';

@Module({
  imports: [RuntimeModule],
  controllers: [HealthController],
  providers: [
    CaseWorkerService,
    OutboxRelayService,
    AuditAnchorService,
    {
      provide: HEALTH_CHECKS,
      inject: [DATABASE, CaseWorkerService, OutboxRelayService],
      useFactory: (db: Database, worker: CaseWorkerService, relay: OutboxRelayService): HealthChecks => {
        const coverage = calendarCoverageReader(db);
        registerCalendarGauges(coverage);
        return {
          database: () => db.$queryRawUnsafe('SELECT 1'),
          temporalWorker: async () => {
            if (worker.state() !== 'RUNNING') throw new Error(`worker is ${worker.state()}`);
          },
          kafka: () => relay.ping(),
          // Degraded (not failing) from 60 days before the holiday data runs out.
          calendar: calendarHealthCheck(coverage),
        };
      },
    },
  ],
})
export class CaseWorkerModule {}
