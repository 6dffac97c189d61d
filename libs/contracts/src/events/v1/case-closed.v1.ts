import type { CaseClosed } from '@bishan/domain';
import { z } from 'zod';
import type { Expect, MatchesDomain } from '../matches-domain';
import { closure, eventBase } from './case-event-parts.v1';

export const caseClosedV1 = {
  type: 'case.closed',
  version: 1,
  payload: z.object({ ...eventBase, closure }).strict(),
} as const;

// A domain change must fail the build here rather than reach a consumer as a rejected message.
type _MatchesDomain = Expect<MatchesDomain<typeof caseClosedV1, CaseClosed>>;
