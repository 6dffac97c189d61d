import type { Actor, Meeting } from '@bishan/domain';
import { z } from 'zod';
import type { Expect, MatchesType } from '../matches-domain';
import { actor, instant } from './case-event-parts.v1';
import {
  meetingConvener,
  meetingCount,
  meetingLevel,
  meetingMode,
  meetingPlace,
  meetingTopics,
} from './meeting-event-parts.v1';

/** What `openMeeting` decided, told by the convener who opened it. */
export type MeetingOpenedFromDomain = Pick<
  Meeting,
  'level' | 'convener' | 'scheduledAt' | 'place' | 'mode' | 'invitedHouseholds' | 'topics'
> & { readonly at: string; readonly actor: Actor };

export const meetingOpenedV1 = {
  type: 'meeting.opened',
  version: 1,
  payload: z
    .object({
      at: instant,
      actor,
      level: meetingLevel,
      convener: meetingConvener,
      scheduledAt: instant,
      place: meetingPlace.optional(),
      mode: meetingMode,
      invitedHouseholds: meetingCount,
      topics: meetingTopics,
    })
    .strict(),
} as const;

// A domain change must fail the build here rather than reach a consumer as a rejected message.
type _MatchesDomain = Expect<MatchesType<(typeof meetingOpenedV1)['payload'], MeetingOpenedFromDomain>>;
