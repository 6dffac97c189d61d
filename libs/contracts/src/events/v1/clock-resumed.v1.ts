import type { ClockResumed } from '@bishan/domain';
import { z } from 'zod';
import type { Expect, MatchesDomain } from '../matches-domain';
import { eventBase, instant } from './case-event-parts.v1';

export const clockResumedV1 = {
  type: 'case.clockResumed',
  version: 1,
  payload: z
    .object({
      ...eventBase,
      pausedSince: instant,
      pausedWorkingMs: z.number().int().nonnegative(),
      automatic: z.boolean(),
      deadlineId: z.string().optional(),
    })
    .strict(),
} as const;

// A domain change must fail the build here rather than reach a consumer as a rejected message.
type _MatchesDomain = Expect<MatchesDomain<typeof clockResumedV1, ClockResumed>>;
