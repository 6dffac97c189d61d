import type { ExtensionRequested } from '@bishan/domain';
import { z } from 'zod';
import type { Expect, MatchesDomain } from '../matches-domain';
import { eventBase, workingDays } from './case-event-parts.v1';

export const extensionRequestedV1 = {
  type: 'case.extensionRequested',
  version: 1,
  payload: z.object({ ...eventBase, workingDays: workingDays, reason: z.string() }).strict(),
} as const;

// A domain change must fail the build here rather than reach a consumer as a rejected message.
type _MatchesDomain = Expect<MatchesDomain<typeof extensionRequestedV1, ExtensionRequested>>;
