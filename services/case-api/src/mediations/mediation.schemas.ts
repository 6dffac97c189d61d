import { z } from 'zod';
import { mediationMethods, mediationOutcomes } from '@bishan/domain';

const id = z.string().trim().min(1).max(100);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');

// Shapes only; who may record where, and how the fields hang together, are the domain's rules.
export const recordMediationBody = z
  .object({
    caseId: id.optional(),
    meetingId: id.optional(),
    place: z
      .object({ townId: id, villageId: id, courtyardId: id.optional(), description: z.string().trim().max(200).optional() })
      .strict(),
    subject: z.string().trim().min(1).max(500),
    parties: z
      .array(z.object({ name: z.string().trim().min(1).max(50), residentId: id.optional() }).strict())
      .min(2)
      .max(20),
    mediator: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('courtyardMediator'), name: z.string().trim().min(1).max(50) }).strict(),
      // An official is named by their person id; the name comes from the organisation.
      z.object({ kind: z.literal('official'), personId: id }).strict(),
    ]),
    mediatedOn: day,
    method: z.enum(mediationMethods),
    outcome: z.enum(mediationOutcomes),
    agreement: z.string().trim().min(1).max(4000).optional(),
    followUpOn: day.optional(),
  })
  .strict();

export const followUpBody = z
  .object({ checkedOn: day, held: z.boolean(), note: z.string().trim().max(1000).optional() })
  .strict();

export const mediationListQuery = z
  .object({
    townId: id.optional(),
    villageId: id.optional(),
    caseId: id.optional(),
    meetingId: id.optional(),
    outcome: z.enum(mediationOutcomes).optional(),
    from: day.optional(),
    to: day.optional(),
    /** Only agreements whose follow-up is due (today or earlier in Shanghai) and not yet recorded. */
    followUpDue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .strict();

export type RecordMediationBody = z.infer<typeof recordMediationBody>;
export type FollowUpBody = z.infer<typeof followUpBody>;
export type MediationListQuery = z.infer<typeof mediationListQuery>;

export const mediatorsQuery = z.object({ villageId: id }).strict();
export type MediatorsQuery = z.infer<typeof mediatorsQuery>;
