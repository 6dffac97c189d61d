import { randomUUID } from 'node:crypto';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { MeetingRepository, type Database } from '@bishan/db';
import {
  checkMeetingReader,
  closeMeeting,
  meetingFigures,
  openMeeting,
  recordAttendance,
  type Actor,
  type Meeting,
  type MeetingDecision,
} from '@bishan/domain';
import { DATABASE, ProblemException } from '@bishan/service-runtime';
import { fieldErrorCode, rejectionProblem, ruleRejection } from '../cases/case-problems';
import type { AttendanceBody, CloseMeetingBody, MeetingListQuery, OpenMeetingBody } from './meeting.schemas';

/** Courtyard meetings: the domain decides, the repository keeps what it decided. */
@Injectable()
export class MeetingsHandler {
  private readonly meetings: MeetingRepository;

  constructor(@Inject(DATABASE) db: Database) {
    this.meetings = new MeetingRepository(db);
  }

  async open(actor: Actor, body: OpenMeetingBody) {
    const meeting = decided(openMeeting({ meetingId: randomUUID(), convener: actor, ...body }, { now: new Date() }));
    await this.meetings.create(meeting, actor);
    return withFigures(meeting);
  }

  async recordAttendance(actor: Actor, id: string, body: AttendanceBody) {
    const meeting = decided(recordAttendance(await this.find(id), { actor, ...body }));
    if (!(await this.meetings.recordAttendance(meeting, actor, new Date()))) throw closedMeanwhile(id);
    return withFigures(meeting);
  }

  async close(actor: Actor, id: string, body: CloseMeetingBody) {
    const meeting = decided(closeMeeting(await this.find(id), { actor, ...body }, { now: new Date() }));
    if (!(await this.meetings.close(meeting, actor))) throw closedMeanwhile(id);
    return withFigures(meeting);
  }

  async get(actor: Actor, id: string) {
    mayRead(actor);
    return withFigures(await this.find(id));
  }

  async list(actor: Actor, query: MeetingListQuery) {
    mayRead(actor);
    const { from, to, limit, offset, ...filter } = query;
    const page = await this.meetings.list(
      { ...filter, scheduledFrom: from ? new Date(from) : undefined, scheduledTo: to ? new Date(to) : undefined },
      limit,
      offset,
    );
    return { items: page.items.map(withFigures), total: page.total, limit, offset };
  }

  /** The meeting a case is raised at, or a 422 naming it: a case cannot cite a meeting that does not exist. */
  async findForRaise(id: string): Promise<Meeting> {
    const meeting = await this.meetings.findById(id);
    if (!meeting) {
      throw new ProblemException({
        type: 'https://bishan.example/problems/invalid',
        title: 'request is not valid',
        status: HttpStatus.UNPROCESSABLE_ENTITY,
        detail: `body.meetingId: no meeting with id ${id}`,
        errors: [{ field: 'body.meetingId', message: `no meeting with id ${id}`, ...fieldErrorCode({ rule: 'unknown', params: { value: id } }) }],
      });
    }
    return meeting;
  }

  private async find(id: string): Promise<Meeting> {
    const meeting = await this.meetings.findById(id);
    if (!meeting) {
      throw new ProblemException({
        type: 'https://bishan.example/problems/not-found',
        title: 'meeting not found',
        status: HttpStatus.NOT_FOUND,
        detail: `no meeting with id ${id}`,
      });
    }
    return meeting;
  }
}

function decided(decision: MeetingDecision): Meeting {
  if (!decision.ok) throw rejectionProblem(decision);
  return decision.meeting;
}

/** Residents' accounts do not read meeting records (the domain's rule). */
export function mayRead(actor: Actor): void {
  const rejection = checkMeetingReader(actor);
  if (rejection) throw ruleRejection(rejection.code, rejection.reason);
}

function withFigures(meeting: Meeting) {
  return { ...meeting, figures: meetingFigures(meeting) };
}

function closedMeanwhile(id: string): ProblemException {
  return ruleRejection('wrong-state', `meeting ${id} was closed meanwhile`);
}
