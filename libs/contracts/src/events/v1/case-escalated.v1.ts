import type { CaseEscalated } from '@bishan/domain';
import { z } from 'zod';
import type { Expect, MatchesDomain } from '../matches-domain';
import {
  escalationStep,
  escalationTarget,
  escalationTrigger,
  eventBase,
  strings,
  supervision,
} from './case-event-parts.v1';

export const caseEscalatedV1 = {
  type: 'case.escalated',
  version: 1,
  payload: z
    .object({
      ...eventBase,
      trigger: escalationTrigger,
      step: escalationStep,
      target: escalationTarget,
      targetIds: strings,
      deadlineId: z.string().optional(),
      supervision: supervision.optional(),
      repeat: z.number().int().positive().optional(),
    })
    .strict(),
} as const;

// A domain change must fail the build here rather than reach a consumer as a rejected message.
type _MatchesDomain = Expect<MatchesDomain<typeof caseEscalatedV1, CaseEscalated>>;
