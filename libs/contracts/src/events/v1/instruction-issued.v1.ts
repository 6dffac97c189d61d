import type { InstructionIssued } from '@bishan/domain';
import { z } from 'zod';
import type { Expect, MatchesDomain } from '../matches-domain';
import { eventBase, instant, strings } from './case-event-parts.v1';

export const instructionIssuedV1 = {
  type: 'case.instructionIssued',
  version: 1,
  payload: z
    .object({
      ...eventBase,
      instructionId: z.string(),
      text: z.string(),
      ackDueAt: instant,
      notify: strings,
    })
    .strict(),
} as const;

// A domain change must fail the build here rather than reach a consumer as a rejected message.
type _MatchesDomain = Expect<MatchesDomain<typeof instructionIssuedV1, InstructionIssued>>;
