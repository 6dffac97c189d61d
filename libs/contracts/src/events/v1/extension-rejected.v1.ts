import type { ExtensionRejected } from '@bishan/domain';
import { z } from 'zod';
import type { Expect, MatchesDomain } from '../matches-domain';
import { eventBase } from './case-event-parts.v1';

export const extensionRejectedV1 = {
  type: 'case.extensionRejected',
  version: 1,
  payload: z.object({ ...eventBase, reason: z.string() }).strict(),
} as const;

// A domain change must fail the build here rather than reach a consumer as a rejected message.
type _MatchesDomain = Expect<MatchesDomain<typeof extensionRejectedV1, ExtensionRejected>>;
