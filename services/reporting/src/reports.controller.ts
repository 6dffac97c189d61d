import { Controller, Get, Inject, Param, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Database } from '@bishan/db';
import { DATABASE } from '@bishan/service-runtime';
import { REPORTING_CONSUMER } from './case-events/record-case-fact.handler';
import { ReportReadersGuard } from './http/report-readers.guard';

@ApiTags('reports')
@ApiBearerAuth()
@UseGuards(ReportReadersGuard)
@Controller('reports')
export class ReportsController {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  @Get('summary')
  @ApiOperation({
    summary:
      'Cases raised and escalated, meetings known and events applied so far, from the reporting tables',
  })
  async summary() {
    const [casesRaised, escalated, meetings, eventsApplied] = await Promise.all([
      this.db.reportingCaseFact.count({ where: { raisedAt: { not: null } } }),
      this.db.reportingCaseFact.aggregate({
        _sum: { escalationCount: true },
        where: { escalationCount: { gt: 0 } },
      }),
      this.db.reportingMeetingFact.count(),
      this.db.processedEvent.count({ where: { consumer: REPORTING_CONSUMER } }),
    ]);
    // eventsApplied tells how far the tables have caught up with the topic.
    return { casesRaised, escalations: escalated._sum.escalationCount ?? 0, meetings, eventsApplied };
  }

  @Get('cases/:id')
  @ApiOperation({ summary: 'The reporting facts of one case' })
  caseFacts(@Param('id') id: string) {
    return this.db.reportingCaseFact.findUnique({ where: { caseId: id } });
  }

  @Get('meetings/:id')
  @ApiOperation({ summary: 'The reporting facts of one meeting' })
  meetingFacts(@Param('id') id: string) {
    return this.db.reportingMeetingFact.findUnique({ where: { meetingId: id } });
  }
}
