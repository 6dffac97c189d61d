import type { ExtensionApproved } from '@bishan/domain';
import { z } from 'zod';
import type { Expect, MatchesDomain } from '../matches-domain';
import { eventBase, instant, workingDays } from './case-event-parts.v1';

export const extensionApprovedV1 = {
  type: 'case.extensionApproved',
  version: 1,
  payload: z
    .object({ ...eventBase, reason: z.string(), workingDays, previousDueAt: instant, newDueAt: instant })
    .strict(),
} as const;

// A domain change must fail the build here rather than reach a consumer as a rejected message.
type _MatchesDomain = Expect<MatchesDomain<typeof extensionApprovedV1, ExtensionApproved>>;
