import { z } from 'zod';
import { actor, instant } from './case-event-parts.v1';
import { calendarDate } from './mediation-recorded.v1';

/** Whether a mediation's agreement held, checked on its follow-up; the note stays in the record. */
export const mediationFollowedUpV1 = {
  type: 'mediation.followedUp',
  version: 1,
  payload: z
    .object({
      at: instant,
      actor,
      checkedOn: calendarDate,
      held: z.boolean(),
    })
    .strict(),
} as const;
