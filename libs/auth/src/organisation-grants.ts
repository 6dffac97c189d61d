import { seedUsers, type BishanOrganisation, type SeedUser } from '@bishan/db';
import type { Actor } from '@bishan/domain';

/** Why the organisation refuses the actor a token names, or null when it gives them that role and scope. */
export type GrantCheck = (actor: Actor) => Promise<string | null>;

type ScopeField = 'townId' | 'villageId' | 'departmentId';
const scopeFields: readonly ScopeField[] = ['townId', 'villageId', 'departmentId'];

/** How long a loaded organisation answers before its revision is read again (the case API's own refresh period). */
export const ORGANISATION_MAX_AGE_MS = 5_000;

const peopleByOrganisation = new WeakMap<BishanOrganisation, Map<string, SeedUser>>();

/** The people the organisation names, each with their roles and place; built once per organisation revision. */
function peopleOf(organisation: BishanOrganisation): Map<string, SeedUser> {
  let people = peopleByOrganisation.get(organisation);
  if (!people) {
    people = new Map(seedUsers(organisation).map((person) => [person.id, person]));
    peopleByOrganisation.set(organisation, people);
  }
  return people;
}

/**
 * A token's role and place checked against the organisation, so an issuer (or a leaked signing key)
 * cannot make anyone what the district has not made them:
 * - every official role (secretaries, town leaders and triage, departments, district leaders) must be
 *   one the organisation gives that person, with exactly the town, village and department it gives;
 * - administrators are the people AUTH_ADMIN_IDS names, with no place;
 * - residents are not listed by the organisation: anyone may be one, but a town or village they
 *   claim must exist, and the village must lie in the town.
 * `load` is read at most every ORGANISATION_MAX_AGE_MS, so an edit is seen within seconds and a
 * request costs no query.
 */
export function organisationGrants(
  load: () => Promise<BishanOrganisation>,
  adminIds: readonly string[],
  options: { maxAgeMs?: number; now?: () => number } = {},
): GrantCheck {
  const maxAgeMs = options.maxAgeMs ?? ORGANISATION_MAX_AGE_MS;
  const now = options.now ?? Date.now;
  let cached: { organisation: BishanOrganisation; at: number } | undefined;
  let loading: Promise<BishanOrganisation> | undefined;
  const organisation = async (fresh: boolean): Promise<BishanOrganisation> => {
    if (cached && !fresh && now() - cached.at < maxAgeMs) return cached.organisation;
    loading ??= load()
      .then((loaded) => {
        cached = { organisation: loaded, at: now() };
        return loaded;
      })
      .finally(() => (loading = undefined));
    return loading;
  };

  // A refusal is checked again on a freshly read organisation: someone an admin has just appointed
  // is not refused for the seconds the copy is old. (Only validly signed tokens get this far.)
  return async (actor) => {
    const refusal = await refusalOf(actor, await organisation(false));
    return refusal === null ? null : refusalOf(actor, await organisation(true));
  };

  async function refusalOf(actor: Actor, org: BishanOrganisation): Promise<string | null> {
    const claimed = (field: ScopeField) => actor[field];
    const noPlace = () => scopeFields.every((field) => claimed(field) === undefined);
    if (actor.role === 'admin')
      return adminIds.includes(actor.id)
        ? noPlace()
          ? null
          : 'an administrator holds no town, village or department'
        : `'${actor.id}' is not an administrator (AUTH_ADMIN_IDS)`;
    if (actor.role === 'resident') {
      if (claimed('departmentId') !== undefined) return 'a resident belongs to no department';
      const village = claimed('villageId') === undefined ? undefined : org.villages.find((v) => v.id === claimed('villageId'));
      if (claimed('villageId') !== undefined && !village) return `the organisation has no village '${claimed('villageId')}'`;
      const townId = claimed('townId');
      if (townId !== undefined && !org.towns.some((town) => town.id === townId)) return `the organisation has no town '${townId}'`;
      if (village && townId !== undefined && village.townId !== townId)
        return `village '${village.id}' does not lie in town '${townId}'`;
      return null;
    }
    const person = peopleOf(org).get(actor.id);
    if (!person || !person.roles.includes(actor.role))
      return `the organisation does not give '${actor.id}' the role ${actor.role}`;
    for (const field of scopeFields)
      if (claimed(field) !== person.scope[field])
        return `the token's ${field} (${claimed(field) ?? 'none'}) is not the organisation's (${person.scope[field] ?? 'none'})`;
    return null;
  }
}
