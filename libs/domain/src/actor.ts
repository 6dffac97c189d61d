export const roles = [
  'resident',
  'village-secretary',
  'town-leader',
  'town-triage',
  'department-handler',
  'department-leader',
  'district-leader',
  'top-district-leader',
  'admin',
  'system',
] as const;

export type Role = (typeof roles)[number];

/** Who acts, with the organisational scope the role is held in (checked against the case). */
export interface Actor {
  readonly id: string;
  readonly role: Role;
  readonly name?: string;
  readonly townId?: string;
  readonly villageId?: string;
  readonly departmentId?: string;
}

/** The actor of everything the workflow does on its own (timers). */
export const systemActor: Actor = { id: 'system', role: 'system' };

export function hasRole(actor: Actor, ...allowed: readonly Role[]): boolean {
  return allowed.includes(actor.role);
}
