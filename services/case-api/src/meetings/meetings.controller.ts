import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@bishan/domain';
import { CurrentActor, openApiSchemaOf, ZodValidationPipe } from '@bishan/service-runtime';
import {
  attendanceBody,
  closeMeetingBody,
  meetingListQuery,
  openMeetingBody,
  type AttendanceBody,
  type CloseMeetingBody,
  type MeetingListQuery,
  type OpenMeetingBody,
} from './meeting.schemas';
import { MeetingsHandler } from './meetings.handler';

/**
 * Courtyard meetings (院坝会). Meeting records are district-public to signed-in staff (meetings are
 * themselves a disclosure practice), not to residents' accounts; who may convene, record and close is the domain's rule.
 */
@ApiTags('meetings')
@ApiBearerAuth()
@Controller('meetings')
export class MeetingsController {
  constructor(private readonly meetings: MeetingsHandler) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Open a meeting; the caller is its convener' })
  @ApiBody({ schema: openApiSchemaOf(openMeetingBody) })
  open(@CurrentActor() actor: Actor, @Body(new ZodValidationPipe(openMeetingBody)) body: OpenMeetingBody) {
    return this.meetings.open(actor, body);
  }

  @Post(':id/attendance')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record households at home and attendees (a later call corrects an earlier one)' })
  @ApiBody({ schema: openApiSchemaOf(attendanceBody) })
  attendance(@CurrentActor() actor: Actor, @Param('id') id: string, @Body(new ZodValidationPipe(attendanceBody)) body: AttendanceBody) {
    return this.meetings.recordAttendance(actor, id, body);
  }

  @Post(':id/close')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close the meeting with its figures: issues raised and resolved on the spot' })
  @ApiBody({ schema: openApiSchemaOf(closeMeetingBody) })
  close(@CurrentActor() actor: Actor, @Param('id') id: string, @Body(new ZodValidationPipe(closeMeetingBody)) body: CloseMeetingBody) {
    return this.meetings.close(actor, id, body);
  }

  @Get()
  @ApiOperation({ summary: 'Meetings, latest first, with participation and on-site resolution rates' })
  list(@CurrentActor() actor: Actor, @Query(new ZodValidationPipe(meetingListQuery, 'query')) query: MeetingListQuery) {
    return this.meetings.list(actor, query);
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.meetings.get(actor, id);
  }
}
