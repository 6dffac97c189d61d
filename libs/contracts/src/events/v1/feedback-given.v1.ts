import type { FeedbackGiven } from '@bishan/domain';
import { z } from 'zod';
import type { Expect, MatchesDomain } from '../matches-domain';
import { eventBase, instant } from './case-event-parts.v1';

export const feedbackGivenV1 = {
  type: 'case.feedbackGiven',
  version: 1,
  payload: z
    .object({ ...eventBase, note: z.string().optional(), late: z.boolean(), ratingDueAt: instant })
    .strict(),
} as const;

// A domain change must fail the build here rather than reach a consumer as a rejected message.
type _MatchesDomain = Expect<MatchesDomain<typeof feedbackGivenV1, FeedbackGiven>>;
