import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ZodValidationPipe } from '@bishan/service-runtime';
import { AdminOnlyGuard } from '../auth/admin-only.guard';
import { verifyAllQuery, type VerifyAllQuery } from './audit-admin.schemas';
import { VerifyAuditChainHandler } from './verify-audit-chain/verify-audit-chain.handler';

@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(AdminOnlyGuard)
@Controller('admin/audit')
export class AuditController {
  constructor(private readonly verifyAuditChain: VerifyAuditChainHandler) {}

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
}
