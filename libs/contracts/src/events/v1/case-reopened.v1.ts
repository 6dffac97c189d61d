import type { CaseReopened } from '@bishan/domain';
import { z } from 'zod';
import type { Expect, MatchesDomain } from '../matches-domain';
import { eventBase, instant } from './case-event-parts.v1';

export const caseReopenedV1 = {
  type: 'case.reopened',
  version: 1,
  payload: z.object({ ...eventBase, reopenCount: z.number().int().positive(), dueAt: instant }).strict(),
} as const;

// A domain change must fail the build here rather than reach a consumer as a rejected message.
type _MatchesDomain = Expect<MatchesDomain<typeof caseReopenedV1, CaseReopened>>;
