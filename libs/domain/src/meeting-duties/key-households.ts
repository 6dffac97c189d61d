import type { Actor, Role } from '../actor';
import { type Rejection, reject } from '../case/case-decision';
import { type Instant, toEpochMs, toIso } from '../instant';
import { type GovernancePlaces, checkActsAt, checkPlace } from '../governance/place-scope';

/**
 * 四必到四必访: the households every round of meetings reaches and visits — those lifted out of
 * poverty (脱贫户), petitioners (信访户), subsistence-allowance households (低保户) and elderly living
 * alone (孤老户). Registered per courtyard; a meeting's record says which it visited.
 */
export const keyHouseholdKinds = ['povertyAlleviated', 'petitioner', 'subsistenceAllowance', 'elderlyAlone'] as const;
export type KeyHouseholdKind = (typeof keyHouseholdKinds)[number];

export interface KeyHousehold {
  readonly id: string;
  readonly townId: string;
  readonly villageId: string;
  readonly courtyardId: string;
  /** How the household is known locally (the head of the household). Shown to the village's officials only. */
  readonly name: string;
  readonly kinds: readonly KeyHouseholdKind[];
  readonly note?: string;
  readonly registeredBy: { readonly id: string; readonly role: Role };
  readonly registeredAt: string;
  /** Set when the household no longer needs the visits (moved away, lifted out of the group). */
  readonly retiredAt?: string;
}

export interface RegisterKeyHousehold {
  readonly householdId: string;
  readonly actor: Actor;
  readonly place: { readonly townId: string; readonly villageId: string; readonly courtyardId: string };
  readonly name: string;
  readonly kinds: readonly KeyHouseholdKind[];
  readonly note?: string;
}

export type KeyHouseholdDecision = { readonly ok: true; readonly household: KeyHousehold } | Rejection;

export function registerKeyHousehold(command: RegisterKeyHousehold, ctx: { readonly now: Instant; readonly places: GovernancePlaces }): KeyHouseholdDecision {
  const problem =
    checkPlace(command.place, ctx.places) ??
    checkActsAt(command.actor, command.place, 'register key households') ??
    (command.name.trim() === '' ? reject('invalid', 'a household needs a name', 'name', { rule: 'required' }) : null) ??
    (command.kinds.length === 0 ? reject('invalid', 'a key household is of at least one kind', 'kinds', { rule: 'required' }) : null) ??
    (new Set(command.kinds).size !== command.kinds.length ? reject('invalid', 'each kind is listed once', 'kinds', { rule: 'duplicate' }) : null);
  if (problem) return problem;
  return {
    ok: true,
    household: {
      id: command.householdId,
      townId: command.place.townId,
      villageId: command.place.villageId,
      courtyardId: command.place.courtyardId,
      name: command.name.trim(),
      kinds: keyHouseholdKinds.filter((k) => command.kinds.includes(k)),
      ...(command.note?.trim() ? { note: command.note.trim() } : {}),
      registeredBy: { id: command.actor.id, role: command.actor.role },
      registeredAt: toIso(ctx.now),
    },
  };
}

export function retireKeyHousehold(household: KeyHousehold, actor: Actor, now: Instant): KeyHouseholdDecision {
  const problem =
    checkActsAt(actor, household, 'retire key households') ??
    (household.retiredAt ? reject('wrong-state', `household '${household.id}' was retired on ${household.retiredAt}`) : null);
  if (problem) return problem;
  return { ok: true, household: { ...household, retiredAt: toIso(now) } };
}

/** The meeting whose visits are recorded, as far as the rule needs it. */
export interface VisitingMeeting {
  readonly id: string;
  readonly convenerId: string;
  readonly status: 'open' | 'closed';
  readonly closedAt?: string;
  readonly place?: { readonly townId: string; readonly villageId?: string };
}

/** Visits may be written up to a day after the meeting closed, as its cases may. */
const VISIT_ENTRY_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * Which registered households a meeting visited: its convener (or an admin) records them, while the
 * meeting is open or within a day of its close; each must be an active key household of the
 * meeting's village (of its town, for a town or district meeting).
 */
export function checkVisits(
  meeting: VisitingMeeting,
  households: readonly KeyHousehold[],
  requestedIds: readonly string[],
  actor: Actor,
  now: Instant,
): Rejection | null {
  if (actor.role !== 'admin' && actor.id !== meeting.convenerId)
    return reject('forbidden', `only the convener ('${meeting.convenerId}') or an admin records the visits of meeting '${meeting.id}'`);
  if (meeting.status === 'closed' && toEpochMs(now) - toEpochMs(meeting.closedAt ?? now) >= VISIT_ENTRY_WINDOW_MS)
    return reject('late', `meeting '${meeting.id}' closed more than a day ago: its visits can no longer be written up`);
  if (requestedIds.length === 0) return reject('invalid', 'name at least one household', 'householdIds', { rule: 'required' });
  if (new Set(requestedIds).size !== requestedIds.length) return reject('invalid', 'each household is named once', 'householdIds', { rule: 'duplicate' });
  for (const id of requestedIds) {
    const household = households.find((h) => h.id === id);
    if (!household || household.retiredAt) return reject('invalid', `'${id}' is no registered key household`, 'householdIds', { rule: 'unknown', params: { value: id } });
    const place = meeting.place;
    if (!place || household.townId !== place.townId || (place.villageId !== undefined && household.villageId !== place.villageId))
      return reject('invalid', `household '${id}' lies outside meeting '${meeting.id}'s place`, 'householdIds', { rule: 'outside-place', params: { value: id } });
  }
  return null;
}

export interface KeyHouseholdCoverageRow {
  readonly villageId: string;
  readonly townId: string;
  readonly registered: number;
  readonly visited: number;
  /** By kind: registered and visited. */
  readonly byKind: Readonly<Record<KeyHouseholdKind, { readonly registered: number; readonly visited: number }>>;
}

/**
 * Per village: the households registered (active at the period's end, or retired within it after a
 * visit) and how many of them a meeting of the period visited.
 */
export function keyHouseholdCoverage(
  households: readonly KeyHousehold[],
  visitedIds: ReadonlySet<string>,
): KeyHouseholdCoverageRow[] {
  const byVillage = new Map<string, KeyHousehold[]>();
  for (const h of households) if (!h.retiredAt || visitedIds.has(h.id)) byVillage.set(h.villageId, [...(byVillage.get(h.villageId) ?? []), h]);
  return [...byVillage].map(([villageId, group]) => {
    const byKind = Object.fromEntries(
      keyHouseholdKinds.map((kind) => {
        const ofKind = group.filter((h) => h.kinds.includes(kind));
        return [kind, { registered: ofKind.length, visited: ofKind.filter((h) => visitedIds.has(h.id)).length }];
      }),
    ) as Record<KeyHouseholdKind, { registered: number; visited: number }>;
    return {
      villageId,
      townId: group[0]?.townId ?? '',
      registered: group.length,
      visited: group.filter((h) => visitedIds.has(h.id)).length,
      byKind,
    };
  });
}
