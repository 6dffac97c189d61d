import { Module } from '@nestjs/common';
import { AdminAuditChainHandler } from './admin-audit-chain/admin-audit-chain.handler';
import { AuditController } from './audit.controller';
import { VerifyAuditChainHandler } from './verify-audit-chain/verify-audit-chain.handler';

/** Audit administration; the database comes from the global RuntimeModule. */
@Module({
  controllers: [AuditController],
  providers: [VerifyAuditChainHandler, AdminAuditChainHandler],
})
export class AuditAdminModule {}
