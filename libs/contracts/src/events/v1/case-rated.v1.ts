import type { CaseRated } from '@bishan/domain';
import { z } from 'zod';
import type { Expect, MatchesDomain } from '../matches-domain';
import { eventBase, instant, rating, ratingChannel } from './case-event-parts.v1';

export const caseRatedV1 = {
  type: 'case.rated',
  version: 1,
  payload: z
    .object({
      ...eventBase,
      rating,
      comment: z.string().optional(),
      collected: z
        .object({
          channel: ratingChannel,
          collectedByActorId: z.string(),
          collectedAt: instant,
          residentId: z.string().optional(),
        })
        .strict()
        .optional(),
    })
    .strict(),
} as const;

// A domain change must fail the build here rather than reach a consumer as a rejected message.
type _MatchesDomain = Expect<MatchesDomain<typeof caseRatedV1, CaseRated>>;
