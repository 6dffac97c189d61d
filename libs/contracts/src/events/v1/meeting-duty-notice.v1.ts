import { z } from 'zod';
import { actor, instant, strings } from './case-event-parts.v1';

/** The duty a notice is about, as libs/domain/src/meeting-duties describes it. */
const duty = {
  at: instant,
  actor,
  dutyId: z.string(),
  kind: z.enum(['districtLeaderTowns', 'townLeadershipVillages', 'secretaryResidentGroups']),
  level: z.enum(['district', 'town', 'village']),
  period: z.object({ key: z.string(), from: z.string(), to: z.string() }).strict(),
  dueAt: instant,
  holderIds: strings,
  unit: z
    .object({
      kind: z.enum(['town', 'village', 'residentGroup']),
      townId: z.string(),
      villageId: z.string().optional(),
      group: z.number().int().positive().optional(),
    })
    .strict(),
  required: z.number().int().positive(),
  held: z.number().int().nonnegative(),
};

/** A meeting duty falls due soon and is not done yet: its holders are reminded. */
export const meetingDutyReminderDueV1 = {
  type: 'meetingDuty.reminderDue',
  version: 1,
  payload: z.object(duty).strict(),
} as const;

/** A meeting duty's period ended short: its holders and their supervisors are told. */
export const meetingDutyOverdueV1 = {
  type: 'meetingDuty.overdue',
  version: 1,
  payload: z.object(duty).strict(),
} as const;
