import type { EscalationAcknowledged } from '@bishan/domain';
import { z } from 'zod';
import type { Expect, MatchesDomain } from '../matches-domain';
import { escalationStep, escalationTrigger, eventBase } from './case-event-parts.v1';

export const escalationAcknowledgedV1 = {
  type: 'case.escalationAcknowledged',
  version: 1,
  payload: z
    .object({
      ...eventBase,
      trigger: escalationTrigger,
      step: escalationStep,
      note: z.string().optional(),
    })
    .strict(),
} as const;

// A domain change must fail the build here rather than reach a consumer as a rejected message.
type _MatchesDomain = Expect<MatchesDomain<typeof escalationAcknowledgedV1, EscalationAcknowledged>>;
