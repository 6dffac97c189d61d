import { Module } from '@nestjs/common';
import { temporalClientProvider } from '../temporal/temporal-client.provider';
import { OpsController } from './ops.controller';
import { OpsOverviewHandler } from './ops-overview.handler';
import { OutboxOpsHandler } from './outbox-ops.handler';

/** Operations overview for administrators; the database and configuration come from the global RuntimeModule. */
@Module({
  controllers: [OpsController],
  providers: [OpsOverviewHandler, OutboxOpsHandler, temporalClientProvider],
})
export class OpsModule {}
