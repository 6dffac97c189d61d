import type { CasePublished } from '@bishan/domain';
import { z } from 'zod';
import type { Expect, MatchesDomain } from '../matches-domain';
import { eventBase, instant } from './case-event-parts.v1';

export const casePublishedV1 = {
  type: 'case.published',
  version: 1,
  payload: z.object({ ...eventBase, claimDueAt: instant, note: z.string().optional() }).strict(),
} as const;

// A domain change must fail the build here rather than reach a consumer as a rejected message.
type _MatchesDomain = Expect<MatchesDomain<typeof casePublishedV1, CasePublished>>;
