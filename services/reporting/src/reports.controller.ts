import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Database } from '@bishan/db';
import { DATABASE } from '@bishan/service-runtime';

@ApiTags('reports')
@Controller('reports')
export class ReportsController {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  @Get('summary')
  @ApiOperation({ summary: 'Cases raised and escalated so far, from the reporting tables' })
  async summary() {
    const [casesRaised, escalated] = await Promise.all([
      this.db.reportingCaseFact.count({ where: { raisedAt: { not: null } } }),
      this.db.reportingCaseFact.aggregate({ _sum: { escalationCount: true }, where: { escalationCount: { gt: 0 } } }),
    ]);
    return { casesRaised, escalations: escalated._sum.escalationCount ?? 0 };
  }

  @Get('cases/:id')
  @ApiOperation({ summary: 'The reporting facts of one case' })
  caseFacts(@Param('id') id: string) {
    return this.db.reportingCaseFact.findUnique({ where: { caseId: id } });
  }
}
