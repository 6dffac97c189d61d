import { Body, Controller, Get, HttpCode, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@bishan/domain';
import { ApiQueriesOf, CurrentActor, openApiSchemaOf, ZodValidationPipe } from '@bishan/service-runtime';
import { AdminOnlyGuard } from '../auth/admin-only.guard';
import { MeetingDutiesHandler } from './meeting-duties.handler';
import { dutiesQuery, reminderRunBody, type DutiesQuery, type ReminderRunBody } from './meeting-duties.schemas';

/** Meeting duties (会议职责): who must meet where how often, and whether they did. */
@ApiTags('meeting-duties')
@ApiBearerAuth()
@Controller('meeting-duties')
export class MeetingDutiesController {
  constructor(private readonly duties: MeetingDutiesHandler) {}

  @Get()
  @ApiOperation({ summary: 'The duty tracker of a half-year: due, overdue, done; coverage by level and by town' })
  @ApiQueriesOf(dutiesQuery)
  list(@CurrentActor() actor: Actor, @Query(new ZodValidationPipe(dutiesQuery, 'query')) query: DutiesQuery) {
    return this.duties.duties(actor, query);
  }

  @Post('reminder-runs')
  @HttpCode(200)
  @UseGuards(AdminOnlyGuard)
  @ApiOperation({ summary: 'Run the reminders now (admin; the worker runs them daily): each duty is reminded once' })
  @ApiBody({ schema: openApiSchemaOf(reminderRunBody) })
  remind(@Body(new ZodValidationPipe(reminderRunBody)) body: ReminderRunBody) {
    return this.duties.remind(body.asOf ? { asOf: body.asOf } : {});
  }
}
