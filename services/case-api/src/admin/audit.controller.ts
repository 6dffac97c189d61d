import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ZodValidationPipe } from '@bishan/service-runtime';
import { AdminOnlyGuard } from '../auth/admin-only.guard';
import { AdminAuditChainHandler } from './admin-audit-chain/admin-audit-chain.handler';
import { adminChainQuery, verifyAllQuery, type AdminChainQuery, type VerifyAllQuery } from './audit-admin.schemas';
import { VerifyAuditChainHandler } from './verify-audit-chain/verify-audit-chain.handler';

@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(AdminOnlyGuard)
@Controller('admin/audit')
export class AuditController {
  constructor(
    private readonly verifyAuditChain: VerifyAuditChainHandler,
    private readonly adminChain: AdminAuditChainHandler,
  ) {}

  @Get('cases/:id/verify')
  @ApiOperation({ summary: "Recompute one case's audit hash chain and report the first broken entry" })
  verifyCase(@Param('id') id: string) {
    return this.verifyAuditChain.verifyCase(id);
  }

  @Get('verify')
  @ApiOperation({ summary: "Recompute every case's audit hash chain, a page of cases at a time" })
  @ApiQuery({
    name: 'batchSize',
    required: false,
    schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
  })
  verifyAll(@Query(new ZodValidationPipe(verifyAllQuery, 'query')) query: VerifyAllQuery) {
    return this.verifyAuditChain.verifyAll(query.batchSize);
  }

  @Get('admin-entries')
  @ApiOperation({
    summary:
      'The admin audit chain (organisation, people and roles, notification templates and webhooks, holiday schedules, outbox retries), newest first, and its verification',
  })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 500, default: 100 } })
  @ApiQuery({ name: 'beforeSeq', required: false, schema: { type: 'integer', minimum: 1 } })
  adminEntries(@Query(new ZodValidationPipe(adminChainQuery, 'query')) query: AdminChainQuery) {
    return this.adminChain.page(query);
  }
}
