import type { HandlingPlanSubmitted } from '@bishan/domain';
import { z } from 'zod';
import type { Expect, MatchesDomain } from '../matches-domain';
import { eventBase, instant, responsibility } from './case-event-parts.v1';

export const handlingPlanSubmittedV1 = {
  type: 'case.handlingPlanSubmitted',
  version: 1,
  payload: z.object({ ...eventBase, plan: z.string(), responsibility, late: z.boolean(), handlingDueAt: instant.optional() }).strict(),
} as const;

// A domain change must fail the build here rather than reach a consumer as a rejected message.
type _MatchesDomain = Expect<MatchesDomain<typeof handlingPlanSubmittedV1, HandlingPlanSubmitted>>;
