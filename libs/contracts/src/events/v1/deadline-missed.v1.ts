import type { DeadlineMissed } from '@bishan/domain';
import { z } from 'zod';
import type { Expect, MatchesDomain } from '../matches-domain';
import { deadlineKind, instant, strings, timerEventBase } from './case-event-parts.v1';

export const deadlineMissedV1 = {
  type: 'case.deadlineMissed',
  version: 1,
  payload: z
    .object({
      ...timerEventBase,
      kind: deadlineKind,
      dueAt: instant,
      notify: strings,
      extensionRequestLapsed: z.boolean(),
    })
    .strict(),
} as const;

// A domain change must fail the build here rather than reach a consumer as a rejected message.
type _MatchesDomain = Expect<MatchesDomain<typeof deadlineMissedV1, DeadlineMissed>>;
