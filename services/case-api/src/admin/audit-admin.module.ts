import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { VerifyAuditChainHandler } from './verify-audit-chain/verify-audit-chain.handler';

/** Audit administration; the database comes from the global RuntimeModule. */
@Module({
  controllers: [AuditController],
  providers: [VerifyAuditChainHandler],
})
export class AuditAdminModule {}
