import { z } from 'zod';
import { roles, type Actor, type Role } from '@bishan/domain';

/** Roles a person can hold in a token; `system` is the workflow's own timers, never a caller. */
export const personRoles = roles.filter((role): role is Exclude<Role, 'system'> => role !== 'system');

const scopeId = z.string().min(1).max(100).optional();

/** The claims that make a verified token into the domain's actor; anything else in the token is ignored. */
export const actorClaims = z.object({
  sub: z.string().min(1).max(100),
  role: z.enum(personRoles as [Exclude<Role, 'system'>, ...Exclude<Role, 'system'>[]]),
  name: z.string().min(1).max(100).optional(),
  townId: scopeId,
  villageId: scopeId,
  departmentId: scopeId,
});

export function actorOf(claims: z.infer<typeof actorClaims>): Actor {
  const { sub, ...rest } = claims;
  return { id: sub, ...rest };
}
