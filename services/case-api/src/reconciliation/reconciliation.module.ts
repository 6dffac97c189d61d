import { Module } from '@nestjs/common';
import { VisibleCases } from '../cases/visible-cases';
import { temporalClientProvider } from '../temporal/temporal-client.provider';
import { ReconciliationController } from './reconciliation.controller';
import { ReconciliationHandler } from './reconciliation.handler';

/** The monthly operations reconciliation (运行对账, the ledger against the workflows); the database and configuration come from the global RuntimeModule. */
@Module({
  controllers: [ReconciliationController],
  providers: [temporalClientProvider, VisibleCases, ReconciliationHandler],
})
export class ReconciliationModule {}
