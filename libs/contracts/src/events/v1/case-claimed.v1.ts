import type { CaseClaimed } from '@bishan/domain';
import { z } from 'zod';
import type { Expect, MatchesDomain } from '../matches-domain';
import { eventBase, instant, strings, supervision } from './case-event-parts.v1';

export const caseClaimedV1 = {
  type: 'case.claimed',
  version: 1,
  payload: z
    .object({
      ...eventBase,
      leadDepartmentId: z.string(),
      coHandlingDepartmentIds: strings,
      late: z.boolean(),
      handlingDueAt: instant,
      supervision,
    })
    .strict(),
} as const;

// A domain change must fail the build here rather than reach a consumer as a rejected message.
type _MatchesDomain = Expect<MatchesDomain<typeof caseClaimedV1, CaseClaimed>>;
