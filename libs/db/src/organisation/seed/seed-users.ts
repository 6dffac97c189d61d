import type { Role } from '@bishan/domain';
import { personName } from './people';
import type { BishanOrganisation } from '@bishan/domain';

export interface SeedUserScope {
  readonly townId?: string;
  readonly villageId?: string;
  readonly departmentId?: string;
}

/** A person of the default organisation, for a development login. */
export interface SeedUser {
  readonly id: string;
  readonly name: string;
  /** Domain roles; a person may hold several (a town secretary leads the town and triages). */
  readonly roles: Role[];
  readonly scope: SeedUserScope;
}

/** The villages named in the report get two residents each, so a case can be raised and rated there. */
const villagesWithResidents = ['dengfeng', 'sanxing', 'shilong'] as const;
const RESIDENTS_PER_VILLAGE = 2;

/**
 * One record per person in the organisation, plus six residents and one admin. Names are
 * fictional and deterministic (see `personName`). Courtyard cadres have no role in the case
 * loop — they attend meetings; the village secretary records the issues — so their roles are
 * empty and their scope is their courtyard's village.
 */
export function seedUsers(org: BishanOrganisation): SeedUser[] {
  const users = new Map<string, { roles: Role[]; scope: SeedUserScope }>();
  const add = (id: string, role: Role | null, scope: SeedUserScope = {}) => {
    const user = users.get(id);
    if (!user) users.set(id, { roles: role ? [role] : [], scope });
    else if (role && !user.roles.includes(role)) user.roles.push(role);
  };

  for (const leader of org.topDistrictLeaders) add(leader.id, 'top-district-leader');
  for (const leader of org.districtLeaders) add(leader.id, 'district-leader');
  for (const town of org.towns) {
    for (const id of town.leaderIds) add(id, 'town-leader', { townId: town.id });
    for (const id of town.triageMemberIds) add(id, 'town-triage', { townId: town.id });
  }
  for (const village of org.villages) {
    add(village.secretaryId, 'village-secretary', { townId: village.townId, villageId: village.id });
  }
  for (const courtyard of org.courtyards) {
    for (const id of courtyard.cadreIds) add(id, null, { townId: courtyard.townId, villageId: courtyard.villageId });
  }
  for (const department of org.departments) {
    for (const id of department.leaderIds) add(id, 'department-leader', { departmentId: department.id });
    for (const id of department.handlerIds) add(id, 'department-handler', { departmentId: department.id });
  }
  for (const villageId of villagesWithResidents) {
    const village = org.villages.find((v) => v.id === villageId);
    if (!village) throw new Error(`village '${villageId}' is missing from the organisation`);
    for (let n = 1; n <= RESIDENTS_PER_VILLAGE; n++) {
      add(`resident-${villageId}-${n}`, 'resident', { townId: village.townId, villageId });
    }
  }
  add('admin', 'admin');

  return [...users].map(([id, { roles, scope }]) => ({ id, name: personName(id), roles, scope }));
}
