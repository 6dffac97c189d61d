import type { DeadlinesRecomputed } from '@bishan/domain';
import { z } from 'zod';
import type { Expect, MatchesDomain } from '../matches-domain';
import { calendarStamp, deadlineKind, eventBase, instant, listOf } from './case-event-parts.v1';

export const deadlinesRecomputedV1 = {
  type: 'case.deadlinesRecomputed',
  version: 1,
  payload: z
    .object({
      ...eventBase,
      reason: z.string(),
      calendar: calendarStamp,
      changes: listOf(z.object({ deadlineId: z.string(), kind: deadlineKind, from: instant, to: instant }).strict()),
    })
    .strict(),
} as const;

// A domain change must fail the build here rather than reach a consumer as a rejected message.
type _MatchesDomain = Expect<MatchesDomain<typeof deadlinesRecomputedV1, DeadlinesRecomputed>>;
