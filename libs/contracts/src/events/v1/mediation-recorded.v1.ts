import type { Actor, Mediation } from '@bishan/domain';
import { z } from 'zod';
import type { Expect, MatchesType } from '../matches-domain';
import { actor, instant } from './case-event-parts.v1';

/**
 * A mediation was recorded. The event tells where, when, how and with what outcome, and which case
 * or meeting it belongs to; the parties' names and the agreement's text stay in the case API's
 * record (nobody downstream needs them, and the broker is no place for them).
 */
export type MediationRecordedFromDomain = Pick<Mediation, 'caseId' | 'meetingId' | 'mediatedOn' | 'method' | 'outcome' | 'followUpOn'> & {
  readonly at: string;
  readonly actor: Actor;
  readonly place: { readonly townId: string; readonly villageId: string; readonly courtyardId?: string };
  readonly mediatorKind: Mediation['mediator']['kind'];
  readonly parties: number;
};

export const calendarDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const mediationRecordedV1 = {
  type: 'mediation.recorded',
  version: 1,
  payload: z
    .object({
      at: instant,
      actor,
      caseId: z.string().optional(),
      meetingId: z.string().optional(),
      place: z.object({ townId: z.string(), villageId: z.string(), courtyardId: z.string().optional() }).strict(),
      mediatorKind: z.enum(['courtyardMediator', 'official']),
      parties: z.number().int().min(2),
      mediatedOn: calendarDate,
      method: z.enum(['atMeeting', 'faceToFace', 'homeVisit', 'phone', 'online']),
      outcome: z.enum(['agreed', 'partial', 'failed']),
      followUpOn: calendarDate.optional(),
    })
    .strict(),
} as const;

// A domain change must fail the build here rather than reach a consumer as a rejected message.
type _MatchesDomain = Expect<MatchesType<(typeof mediationRecordedV1)['payload'], MediationRecordedFromDomain>>;
