import type { CaseRaised } from '@bishan/domain';
import { z } from 'zod';
import type { Expect, MatchesDomain } from '../matches-domain';
import { calendarStamp, caseLocation, channel, complexity, eventBase, strings } from './case-event-parts.v1';

export const caseRaisedV1 = {
  type: 'case.raised',
  version: 1,
  payload: z
    .object({
      ...eventBase,
      caseId: z.string(),
      policyVersion: z.string(),
      category: z.string(),
      description: z.string(),
      complexity,
      channel,
      meetingId: z.string().optional(),
      location: caseLocation,
      reporterIds: strings,
      attachmentRefs: strings,
      calendar: calendarStamp.optional(),
    })
    .strict(),
} as const;

// A domain change must fail the build here rather than reach a consumer as a rejected message.
type _MatchesDomain = Expect<MatchesDomain<typeof caseRaisedV1, CaseRaised>>;
