import type { RatingCollected } from '@bishan/domain';
import { z } from 'zod';
import type { Expect, MatchesDomain } from '../matches-domain';
import { eventBase, rating, ratingChannel } from './case-event-parts.v1';

export const ratingCollectedV1 = {
  type: 'case.ratingCollected',
  version: 1,
  payload: z
    .object({
      ...eventBase,
      rating,
      comment: z.string().optional(),
      channel: ratingChannel,
      residentId: z.string().optional(),
    })
    .strict(),
} as const;

// A domain change must fail the build here rather than reach a consumer as a rejected message.
type _MatchesDomain = Expect<MatchesDomain<typeof ratingCollectedV1, RatingCollected>>;
