import type { ClockPaused } from '@bishan/domain';
import { z } from 'zod';
import type { Expect, MatchesDomain } from '../matches-domain';
import { eventBase, instant, pauseReason } from './case-event-parts.v1';

export const clockPausedV1 = {
  type: 'case.clockPaused',
  version: 1,
  payload: z
    .object({
      ...eventBase,
      reason: pauseReason,
      note: z.string().optional(),
      limitAt: instant,
      requestedByActorId: z.string().optional(),
    })
    .strict(),
} as const;

// A domain change must fail the build here rather than reach a consumer as a rejected message.
type _MatchesDomain = Expect<MatchesDomain<typeof clockPausedV1, ClockPaused>>;
