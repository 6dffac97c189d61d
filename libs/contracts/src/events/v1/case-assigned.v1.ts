import type { CaseAssigned } from '@bishan/domain';
import { z } from 'zod';
import type { Expect, MatchesDomain } from '../matches-domain';
import { eventBase, handlingLevel, instant, supervision } from './case-event-parts.v1';

export const caseAssignedV1 = {
  type: 'case.assigned',
  version: 1,
  payload: z
    .object({
      ...eventBase,
      level: handlingLevel.exclude(['district']),
      unitId: z.string(),
      dueAt: instant,
      supervision,
      note: z.string().optional(),
    })
    .strict(),
} as const;

// A domain change must fail the build here rather than reach a consumer as a rejected message.
type _MatchesDomain = Expect<MatchesDomain<typeof caseAssignedV1, CaseAssigned>>;
