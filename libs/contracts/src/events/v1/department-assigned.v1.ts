import type { DepartmentAssigned } from '@bishan/domain';
import { z } from 'zod';
import type { Expect, MatchesDomain } from '../matches-domain';
import { eventBase, instant, supervision } from './case-event-parts.v1';

export const departmentAssignedV1 = {
  type: 'case.departmentAssigned',
  version: 1,
  payload: z
    .object({
      ...eventBase,
      departmentId: z.string(),
      reason: z.string(),
      late: z.boolean(),
      handlingDueAt: instant,
      supervision,
    })
    .strict(),
} as const;

// A domain change must fail the build here rather than reach a consumer as a rejected message.
type _MatchesDomain = Expect<MatchesDomain<typeof departmentAssignedV1, DepartmentAssigned>>;
