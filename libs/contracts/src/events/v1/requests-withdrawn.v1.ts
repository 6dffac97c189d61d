import type { RequestsWithdrawn } from '@bishan/domain';
import { z } from 'zod';
import type { Expect, MatchesDomain } from '../matches-domain';
import { caseEventType, eventBase, strings } from './case-event-parts.v1';

export const requestsWithdrawnV1 = {
  type: 'case.requestsWithdrawn',
  version: 1,
  payload: z
    .object({
      ...eventBase,
      because: caseEventType,
      extension: z.boolean(),
      pause: z.boolean(),
      instructionIds: strings,
      jointTaskIds: strings.optional(),
    })
    .strict(),
} as const;

// A domain change must fail the build here rather than reach a consumer as a rejected message.
type _MatchesDomain = Expect<MatchesDomain<typeof requestsWithdrawnV1, RequestsWithdrawn>>;
