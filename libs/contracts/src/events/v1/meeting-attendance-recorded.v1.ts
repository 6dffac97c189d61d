import type { RecordAttendance } from '@bishan/domain';
import { z } from 'zod';
import type { Expect, MatchesType } from '../matches-domain';
import { actor, instant } from './case-event-parts.v1';
import { meetingCount } from './meeting-event-parts.v1';

/** The accepted `recordAttendance` command and when it was taken; a later one replaces it. */
export type MeetingAttendanceRecordedFromDomain = RecordAttendance & { readonly at: string };

export const meetingAttendanceRecordedV1 = {
  type: 'meeting.attendanceRecorded',
  version: 1,
  payload: z.object({ at: instant, actor, householdsAtHome: meetingCount, attendees: meetingCount }).strict(),
} as const;

// A domain change must fail the build here rather than reach a consumer as a rejected message.
type _MatchesDomain = Expect<
  MatchesType<(typeof meetingAttendanceRecordedV1)['payload'], MeetingAttendanceRecordedFromDomain>
>;
