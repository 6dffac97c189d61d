import type { RatingWindowExpired } from '@bishan/domain';
import { z } from 'zod';
import type { Expect, MatchesDomain } from '../matches-domain';
import { timerEventBase } from './case-event-parts.v1';

export const ratingWindowExpiredV1 = {
  type: 'case.ratingWindowExpired',
  version: 1,
  payload: z.object(timerEventBase).strict(),
} as const;

// A domain change must fail the build here rather than reach a consumer as a rejected message.
type _MatchesDomain = Expect<MatchesDomain<typeof ratingWindowExpiredV1, RatingWindowExpired>>;
