import { z } from 'zod';
import { personRoles } from '@bishan/auth';

const id = z.string().trim().min(1).max(100);
const role = z.enum(personRoles as [(typeof personRoles)[number], ...(typeof personRoles)[number][]]);

export const devUsersQuery = z
  .object({
    role: role.optional(),
    townId: id.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .strict();

export type DevUsersQuery = z.infer<typeof devUsersQuery>;

export const devLoginBody = z.object({ userId: id, role: role.optional() }).strict();

export type DevLoginBody = z.infer<typeof devLoginBody>;
