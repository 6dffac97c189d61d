import type { MeetingAttendance, MeetingConvener, MeetingPlace, MeetingResult } from '@bishan/domain';
import { z } from 'zod';
import type { Expect, MatchesType } from '../matches-domain';
import { listOf, role } from './case-event-parts.v1';

// Sub-schemas shared by the v1 meeting events. As with the case events, the value lists are copied
// from the domain on purpose and `MatchesType` makes a drift fail the build.

export const meetingLevel = z.enum(['district', 'town', 'village']);
export const meetingMode = z.enum(['inPerson', 'online']);
export const meetingTopic = z.enum([
  'policyBriefing',
  'workPlanNotice',
  'villageAffairsDisclosure',
  'opinionCollection',
  'commendation',
  'onSpotProblemSolving',
  'progressReport',
  'mutualHelp',
]);
export const meetingTopics = listOf(meetingTopic);

/** Households, attendees and issues: whole numbers, zero allowed. */
export const meetingCount = z.number().int().nonnegative();

export const meetingPlace = z
  .object({ townId: z.string(), villageId: z.string().optional(), courtyardId: z.string().optional() })
  .strict();

export const meetingConvener = z.object({ id: z.string(), role }).strict();

export const meetingAttendance = z
  .object({ householdsAtHome: meetingCount, attendees: meetingCount })
  .strict();

export const meetingResult = z.object({ issuesRaised: meetingCount, resolvedOnSpot: meetingCount }).strict();

type _Parts = [
  Expect<MatchesType<typeof meetingPlace, MeetingPlace>>,
  Expect<MatchesType<typeof meetingConvener, MeetingConvener>>,
  Expect<MatchesType<typeof meetingAttendance, MeetingAttendance>>,
  Expect<MatchesType<typeof meetingResult, MeetingResult>>,
];
