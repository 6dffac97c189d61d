import { Controller, Get, HttpStatus, Param, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProblemException, type AuthenticatedRequest } from '@bishan/service-runtime';
import { actorOf, placesOf, ReportScope } from './http/report-scope';
import { ReportReadersGuard } from './http/report-readers.guard';
import { ReportFactsRepository } from './report-facts.repository';

@ApiTags('reports')
@ApiBearerAuth()
@UseGuards(ReportReadersGuard)
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly facts: ReportFactsRepository,
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
    if (visibility === 'all') return { ...(await this.facts.districtCounts()), eventsApplied: await this.facts.eventsApplied() };
    const [{ cases, meetings }, eventsApplied] = await Promise.all([this.facts.raisedCasesAndMeetingPlaces(), this.facts.eventsApplied()]);
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
    return this.facts.caseFact(id);
  }

  @Get('meetings/:id')
  @ApiOperation({ summary: 'The reporting facts of one meeting' })
  meetingFacts(@Param('id') id: string) {
    return this.facts.meetingFact(id);
  }
}
