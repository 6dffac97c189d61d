import type { Actor, Meeting } from '@bishan/domain';
import { z } from 'zod';
import type { Expect, MatchesType } from '../matches-domain';
import { actor, instant } from './case-event-parts.v1';
import {
  meetingAttendance,
  meetingConvener,
  meetingCount,
  meetingLevel,
  meetingMode,
  meetingPlace,
  meetingResult,
} from './meeting-event-parts.v1';

/**
 * The closed meeting with all its figures, so a consumer that missed the earlier events (or a
 * meeting opened before meetings had events) still gets the whole meeting from this one.
 */
export type MeetingClosedFromDomain = Pick<
  Meeting,
  'level' | 'convener' | 'place' | 'mode' | 'invitedHouseholds' | 'attendance'
> & { readonly at: string; readonly actor: Actor; readonly result: NonNullable<Meeting['result']> };

export const meetingClosedV1 = {
  type: 'meeting.closed',
  version: 1,
  payload: z
    .object({
      at: instant,
      actor,
      level: meetingLevel,
      convener: meetingConvener,
      place: meetingPlace.optional(),
      mode: meetingMode,
      invitedHouseholds: meetingCount,
      attendance: meetingAttendance.optional(),
      result: meetingResult,
    })
    .strict(),
} as const;

// A domain change must fail the build here rather than reach a consumer as a rejected message.
type _MatchesDomain = Expect<MatchesType<(typeof meetingClosedV1)['payload'], MeetingClosedFromDomain>>;
