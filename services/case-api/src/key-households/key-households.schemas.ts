import { z } from 'zod';
import { keyHouseholdKinds } from '@bishan/domain';

const id = z.string().trim().min(1).max(100);

export const registerHouseholdBody = z
  .object({
    place: z.object({ townId: id, villageId: id, courtyardId: id }).strict(),
    name: z.string().trim().min(1).max(50),
    kinds: z.array(z.enum(keyHouseholdKinds)).min(1).max(keyHouseholdKinds.length),
    note: z.string().trim().max(200).optional(),
  })
  .strict();

export const householdListQuery = z
  .object({
    villageId: id.optional(),
    courtyardId: id.optional(),
    includeRetired: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
    /** The half-year whose visits are shown (the current one by default). */
    period: z.string().regex(/^\d{4}-H[12]$/, 'must be a half-year, YYYY-H1 or YYYY-H2').optional(),
  })
  .strict();

export const visitsBody = z.object({ householdIds: z.array(id).min(1).max(200) }).strict();
export const groupsQuery = z.object({ villageId: id }).strict();

export type RegisterHouseholdBody = z.infer<typeof registerHouseholdBody>;
export type HouseholdListQuery = z.infer<typeof householdListQuery>;
export type VisitsBody = z.infer<typeof visitsBody>;
export type GroupsQuery = z.infer<typeof groupsQuery>;
