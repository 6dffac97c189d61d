import type { JointTaskAssigned } from '@bishan/domain';
import { z } from 'zod';
import type { Expect, MatchesDomain } from '../matches-domain';
import { eventBase, handlingUnit, instant, strings, workingDays } from './case-event-parts.v1';

export const jointTaskAssignedV1 = {
  type: 'case.jointTaskAssigned',
  version: 1,
  payload: z
    .object({
      ...eventBase,
      taskId: z.string(),
      unit: handlingUnit,
      task: z.string(),
      personName: z.string(),
      personId: z.string().optional(),
      workingDays,
      dueAt: instant,
      notify: strings,
    })
    .strict(),
} as const;

// A domain change must fail the build here rather than reach a consumer as a rejected message.
type _MatchesDomain = Expect<MatchesDomain<typeof jointTaskAssignedV1, JointTaskAssigned>>;
