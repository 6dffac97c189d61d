import type { JointTaskExplained } from '@bishan/domain';
import { z } from 'zod';
import type { Expect, MatchesDomain } from '../matches-domain';
import { eventBase, handlingUnit, strings } from './case-event-parts.v1';

export const jointTaskExplainedV1 = {
  type: 'case.jointTaskExplained',
  version: 1,
  payload: z
    .object({
      ...eventBase,
      taskId: z.string(),
      unit: handlingUnit,
      task: z.string(),
      explanation: z.string(),
      notify: strings,
    })
    .strict(),
} as const;

// A domain change must fail the build here rather than reach a consumer as a rejected message.
type _MatchesDomain = Expect<MatchesDomain<typeof jointTaskExplainedV1, JointTaskExplained>>;
