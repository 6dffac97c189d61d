import type { CaseReturned } from '@bishan/domain';
import { z } from 'zod';
import type { Expect, MatchesDomain } from '../matches-domain';
import { eventBase, handlingLevel } from './case-event-parts.v1';

export const caseReturnedV1 = {
  type: 'case.returned',
  version: 1,
  payload: z
    .object({ ...eventBase, reason: z.string(), fromLevel: handlingLevel, fromUnitId: z.string() })
    .strict(),
} as const;

// A domain change must fail the build here rather than reach a consumer as a rejected message.
type _MatchesDomain = Expect<MatchesDomain<typeof caseReturnedV1, CaseReturned>>;
