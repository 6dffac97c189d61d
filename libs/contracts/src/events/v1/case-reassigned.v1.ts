import type { CaseReassigned } from '@bishan/domain';
import { z } from 'zod';
import type { Expect, MatchesDomain } from '../matches-domain';
import { eventBase, supervision } from './case-event-parts.v1';

export const caseReassignedV1 = {
  type: 'case.reassigned',
  version: 1,
  payload: z
    .object({
      ...eventBase,
      fromDepartmentId: z.string(),
      toDepartmentId: z.string(),
      reason: z.string(),
      supervision,
    })
    .strict(),
} as const;

// A domain change must fail the build here rather than reach a consumer as a rejected message.
type _MatchesDomain = Expect<MatchesDomain<typeof caseReassignedV1, CaseReassigned>>;
