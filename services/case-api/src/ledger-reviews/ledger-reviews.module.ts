import { Module } from '@nestjs/common';
import { temporalClientProvider } from '../temporal/temporal-client.provider';
import { LedgerReviewsController } from './ledger-reviews.controller';
import { LedgerReviewsHandler } from './ledger-reviews.handler';

/** 对账销号 (ledger reviews); the database, configuration and organisation come from the global modules. */
@Module({ controllers: [LedgerReviewsController], providers: [temporalClientProvider, LedgerReviewsHandler] })
export class LedgerReviewsModule {}
