import type { ResultReported } from '@bishan/domain';
import { z } from 'zod';
import type { Expect, MatchesDomain } from '../matches-domain';
import { eventBase, instant } from './case-event-parts.v1';

export const resultReportedV1 = {
  type: 'case.resultReported',
  version: 1,
  payload: z
    .object({ ...eventBase, summary: z.string(), overdue: z.boolean(), feedbackDueAt: instant })
    .strict(),
} as const;

// A domain change must fail the build here rather than reach a consumer as a rejected message.
type _MatchesDomain = Expect<MatchesDomain<typeof resultReportedV1, ResultReported>>;
