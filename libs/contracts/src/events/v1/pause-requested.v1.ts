import type { PauseRequested } from '@bishan/domain';
import { z } from 'zod';
import type { Expect, MatchesDomain } from '../matches-domain';
import { eventBase, pauseReason, strings, workingDays } from './case-event-parts.v1';

export const pauseRequestedV1 = {
  type: 'case.pauseRequested',
  version: 1,
  payload: z
    .object({
      ...eventBase,
      reason: pauseReason,
      note: z.string().optional(),
      workingDays,
      notify: strings,
    })
    .strict(),
} as const;

// A domain change must fail the build here rather than reach a consumer as a rejected message.
type _MatchesDomain = Expect<MatchesDomain<typeof pauseRequestedV1, PauseRequested>>;
