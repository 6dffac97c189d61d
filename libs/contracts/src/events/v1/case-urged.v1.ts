import type { CaseUrged } from '@bishan/domain';
import { z } from 'zod';
import type { Expect, MatchesDomain } from '../matches-domain';
import { eventBase, strings } from './case-event-parts.v1';

export const caseUrgedV1 = {
  type: 'case.urged',
  version: 1,
  payload: z
    .object({
      ...eventBase,
      note: z.string(),
      notify: strings,
    })
    .strict(),
} as const;

// A domain change must fail the build here rather than reach a consumer as a rejected message.
type _MatchesDomain = Expect<MatchesDomain<typeof caseUrgedV1, CaseUrged>>;
