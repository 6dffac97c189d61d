import type { InstructionAcknowledged } from '@bishan/domain';
import { z } from 'zod';
import type { Expect, MatchesDomain } from '../matches-domain';
import { eventBase } from './case-event-parts.v1';

export const instructionAcknowledgedV1 = {
  type: 'case.instructionAcknowledged',
  version: 1,
  payload: z
    .object({
      ...eventBase,
      instructionId: z.string(),
      note: z.string().optional(),
      late: z.boolean(),
    })
    .strict(),
} as const;

// A domain change must fail the build here rather than reach a consumer as a rejected message.
type _MatchesDomain = Expect<MatchesDomain<typeof instructionAcknowledgedV1, InstructionAcknowledged>>;
