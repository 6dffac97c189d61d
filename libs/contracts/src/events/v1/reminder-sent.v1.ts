import type { ReminderSent } from '@bishan/domain';
import { z } from 'zod';
import type { Expect, MatchesDomain } from '../matches-domain';
import {
  instant,
  remindedDeadlineKind,
  reminderFraction,
  strings,
  timerEventBase,
} from './case-event-parts.v1';

export const reminderSentV1 = {
  type: 'case.reminderSent',
  version: 1,
  payload: z
    .object({
      ...timerEventBase,
      forDeadlineId: z.string(),
      forKind: remindedDeadlineKind,
      fraction: reminderFraction,
      forDueAt: instant,
      notify: strings,
    })
    .strict(),
} as const;

// A domain change must fail the build here rather than reach a consumer as a rejected message.
type _MatchesDomain = Expect<MatchesDomain<typeof reminderSentV1, ReminderSent>>;
