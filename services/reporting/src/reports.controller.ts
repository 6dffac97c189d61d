import { Controller, Get, HttpStatus, Inject, Param, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Database } from '@bishan/db';
import { DATABASE, ProblemException, type AuthenticatedRequest } from '@bishan/service-runtime';
import { actorOf, placesOf, ReportScope } from './http/report-scope';
import { REPORTING_CONSUMER } from './case-events/record-case-fact.handler';
import { ReportReadersGuard } from './http/report-readers.guard';

@ApiTags('reports')
@ApiBearerAuth()
@UseGuards(ReportReadersGuard)
@Controller('reports')
export class ReportsController {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly scope: ReportScope,
  ) {}

  @Get('summary')
  @ApiOperation({
    summary:
      'Cases raised and escalated and meetings known, counting only what the reader may see (as the KPIs do), and events applied so far',
  })
  async summary(@Req() request: AuthenticatedRequest) {
    const actor = actorOf(request);
    const visibility = await this.scope.visibilityOf(actor);
    if (visibility === 'all') return this.districtSummary();
    const [cases, meetings, eventsApplied] = await Promise.all([
      this.db.reportingCaseFact.findMany({
        where: { raisedAt: { not: null } },
        select: { caseId: true, escalationCount: true },
      }),
      this.db.reportingMeetingFact.findMany({ select: { townId: true, villageId: true } }),
      this.db.processedEvent.count({ where: { consumer: REPORTING_CONSUMER } }),
    ]);
    const visibleCases = await this.scope.only(actor, cases);
    const inPlaces = placesOf(visibility);
    return {
      casesRaised: visibleCases.length,
      escalations: visibleCases.reduce((sum, c) => sum + c.escalationCount, 0),
      meetings: meetings.filter(inPlaces).length,
      // How far the tables have caught up with the topic: a count of messages, no case's data.
      eventsApplied,
    };
  }

  /** The whole district's figures, counted by the database, for readers who see every case. */
  private async districtSummary() {
    const [casesRaised, escalated, meetings, eventsApplied] = await Promise.all([
      this.db.reportingCaseFact.count({ where: { raisedAt: { not: null } } }),
      this.db.reportingCaseFact.aggregate({ _sum: { escalationCount: true }, where: { escalationCount: { gt: 0 } } }),
      this.db.reportingMeetingFact.count(),
      this.db.processedEvent.count({ where: { consumer: REPORTING_CONSUMER } }),
    ]);
    return { casesRaised, escalations: escalated._sum.escalationCount ?? 0, meetings, eventsApplied };
  }

  @Get('cases/:id')
  @ApiOperation({ summary: 'The reporting facts of one case the reader may see (404 otherwise, as on GET /cases/:id)' })
  async caseFacts(@Param('id') id: string, @Req() request: AuthenticatedRequest) {
    // Out of scope reads as unknown: the answer must not tell that the case exists.
    if (!(await this.scope.canSee(actorOf(request), id)))
      throw new ProblemException({
        type: 'https://bishan.example/problems/not-found',
        title: 'case not found',
        status: HttpStatus.NOT_FOUND,
        detail: `no case with id ${id}`,
      });
    return this.db.reportingCaseFact.findUnique({ where: { caseId: id } });
  }

  @Get('meetings/:id')
  @ApiOperation({ summary: 'The reporting facts of one meeting' })
  meetingFacts(@Param('id') id: string) {
    return this.db.reportingMeetingFact.findUnique({ where: { meetingId: id } });
  }
}
