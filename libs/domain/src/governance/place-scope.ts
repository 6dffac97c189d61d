import type { Actor } from '../actor';
import { type Rejection, reject } from '../case/case-decision';

/**
 * Where a governance record (a mediation, a key household, a meeting duty, a review) lies: a village
 * of a town, sometimes a courtyard in it. Governance records are about places, not about cases, so
 * their readers and writers are found by place — the same shape as the case rule's village and town
 * grants, without the department grants (departments hold no places).
 */
export interface GovernancePlace {
  readonly townId: string;
  readonly villageId: string;
  readonly courtyardId?: string;
}

/** The district leaders' links, as much of the organisation as the scope needs. */
export interface LinkedTowns {
  readonly districtLeaders: readonly { readonly id: string; readonly linkedTownIds: readonly string[] }[];
}

/** Every place, or the towns and villages the reader's role covers (both empty: nothing). */
export type PlaceScope = 'all' | { readonly townIds: readonly string[]; readonly villageIds: readonly string[] };

const nothing: PlaceScope = { townIds: [], villageIds: [] };

/**
 * What a person may read: a village secretary their village, town leadership and triage their town,
 * a district leader the towns they are linked to (联系镇街), top leaders and admins everything.
 * Departments, handlers and residents read no governance records by place.
 */
export function placeScopeOf(actor: Actor, org: LinkedTowns): PlaceScope {
  switch (actor.role) {
    case 'village-secretary':
      return actor.villageId ? { townIds: [], villageIds: [actor.villageId] } : nothing;
    case 'town-leader':
    case 'town-triage':
      return actor.townId ? { townIds: [actor.townId], villageIds: [] } : nothing;
    case 'district-leader':
      return { townIds: org.districtLeaders.find((l) => l.id === actor.id)?.linkedTownIds ?? [], villageIds: [] };
    case 'top-district-leader':
    case 'admin':
      return 'all';
    case 'resident':
    case 'department-handler':
    case 'department-leader':
    case 'system':
      return nothing;
  }
}

export function inPlaceScope(scope: PlaceScope, place: { readonly townId: string | null; readonly villageId: string | null }): boolean {
  if (scope === 'all') return true;
  return (place.townId !== null && scope.townIds.includes(place.townId)) || (place.villageId !== null && scope.villageIds.includes(place.villageId));
}

/**
 * Who writes a governance record at a place: the village's secretary, the town's leadership or
 * triage members, or an admin. District leaders read and supervise; they do not keep village records.
 */
export function checkActsAt(actor: Actor, place: GovernancePlace, action: string): Rejection | null {
  switch (actor.role) {
    case 'admin':
      return null;
    case 'village-secretary':
      return actor.villageId === place.villageId
        ? null
        : reject('forbidden', `village-secretary '${actor.id}' may ${action} only in village '${actor.villageId ?? '?'}'`);
    case 'town-leader':
    case 'town-triage':
      return actor.townId === place.townId
        ? null
        : reject('forbidden', `${actor.role} '${actor.id}' may ${action} only in town '${actor.townId ?? '?'}'`);
    case 'resident':
    case 'department-handler':
    case 'department-leader':
    case 'district-leader':
    case 'top-district-leader':
    case 'system':
      return reject('forbidden', `role '${actor.role}' may not ${action}; village secretaries, town leadership and admins may`);
  }
}

/** The places of the organisation as far as a governance record needs them (structural: a fixture fits). */
export interface GovernancePlaces {
  readonly towns: readonly { readonly id: string }[];
  readonly villages: readonly { readonly id: string; readonly townId: string }[];
  readonly courtyards: readonly { readonly id: string; readonly villageId: string }[];
}

/** The village must be in the town and the courtyard in the village, each known to the organisation. */
export function checkPlace(place: GovernancePlace, org: GovernancePlaces, field = 'place'): Rejection | null {
  if (!org.towns.some((t) => t.id === place.townId)) return reject('invalid', `town '${place.townId}' is not in the organisation`, `${field}.townId`, { rule: 'unknown', params: { value: place.townId } });
  const village = org.villages.find((v) => v.id === place.villageId);
  if (!village) return reject('invalid', `village '${place.villageId}' is not in the organisation`, `${field}.villageId`, { rule: 'unknown', params: { value: place.villageId } });
  if (village.townId !== place.townId)
    return reject('invalid', `village '${place.villageId}' does not belong to town '${place.townId}'`, `${field}.villageId`, { rule: 'not-in-place', params: { value: place.villageId, parent: place.townId } });
  if (place.courtyardId !== undefined) {
    const courtyard = org.courtyards.find((c) => c.id === place.courtyardId);
    if (!courtyard) return reject('invalid', `courtyard '${place.courtyardId}' is not in the organisation`, `${field}.courtyardId`, { rule: 'unknown', params: { value: place.courtyardId } });
    if (courtyard.villageId !== place.villageId)
      return reject('invalid', `courtyard '${place.courtyardId}' does not belong to village '${place.villageId}'`, `${field}.courtyardId`, { rule: 'not-in-place', params: { value: place.courtyardId, parent: place.villageId } });
  }
  return null;
}
