import { Module } from '@nestjs/common';
import { temporalClientProvider } from '../temporal/temporal-client.provider';
import { PoliciesController } from './policies.controller';
import { PoliciesHandler } from './policies.handler';

/** Case policies as data (admin); the database, configuration and organisation come from the global modules. */
@Module({
  controllers: [PoliciesController],
  providers: [temporalClientProvider, PoliciesHandler],
})
export class PoliciesModule {}
