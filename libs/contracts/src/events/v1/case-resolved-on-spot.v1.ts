import type { CaseResolvedOnSpot } from '@bishan/domain';
import { z } from 'zod';
import type { Expect, MatchesDomain } from '../matches-domain';
import { eventBase } from './case-event-parts.v1';

export const caseResolvedOnSpotV1 = {
  type: 'case.resolvedOnSpot',
  version: 1,
  payload: z.object({ ...eventBase, summary: z.string() }).strict(),
} as const;

// A domain change must fail the build here rather than reach a consumer as a rejected message.
type _MatchesDomain = Expect<MatchesDomain<typeof caseResolvedOnSpotV1, CaseResolvedOnSpot>>;
