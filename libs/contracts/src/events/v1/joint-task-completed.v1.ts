import type { JointTaskCompleted } from '@bishan/domain';
import { z } from 'zod';
import type { Expect, MatchesDomain } from '../matches-domain';
import { eventBase, handlingUnit, strings } from './case-event-parts.v1';

export const jointTaskCompletedV1 = {
  type: 'case.jointTaskCompleted',
  version: 1,
  payload: z
    .object({
      ...eventBase,
      taskId: z.string(),
      unit: handlingUnit,
      task: z.string(),
      result: z.string(),
      late: z.boolean(),
      notify: strings,
    })
    .strict(),
} as const;

// A domain change must fail the build here rather than reach a consumer as a rejected message.
type _MatchesDomain = Expect<MatchesDomain<typeof jointTaskCompletedV1, JointTaskCompleted>>;
