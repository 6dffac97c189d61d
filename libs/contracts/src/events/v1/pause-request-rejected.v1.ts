import type { PauseRequestRejected } from '@bishan/domain';
import { z } from 'zod';
import type { Expect, MatchesDomain } from '../matches-domain';
import { eventBase } from './case-event-parts.v1';

export const pauseRequestRejectedV1 = {
  type: 'case.pauseRequestRejected',
  version: 1,
  payload: z
    .object({
      ...eventBase,
      reason: z.string(),
    })
    .strict(),
} as const;

// A domain change must fail the build here rather than reach a consumer as a rejected message.
type _MatchesDomain = Expect<MatchesDomain<typeof pauseRequestRejectedV1, PauseRequestRejected>>;
