import type { CaseFlaggedConcentrated } from '@bishan/domain';
import { z } from 'zod';
import type { Expect, MatchesDomain } from '../matches-domain';
import { eventBase, instant, supervision } from './case-event-parts.v1';

export const caseFlaggedConcentratedV1 = {
  type: 'case.flaggedConcentrated',
  version: 1,
  payload: z
    .object({
      ...eventBase,
      reason: z.string(),
      clusterId: z.string().optional(),
      supervision,
      reviewDueAt: instant.optional(),
    })
    .strict(),
} as const;

// A domain change must fail the build here rather than reach a consumer as a rejected message.
type _MatchesDomain = Expect<MatchesDomain<typeof caseFlaggedConcentratedV1, CaseFlaggedConcentrated>>;
