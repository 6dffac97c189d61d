import type { Role } from '@bishan/domain';
import { personName } from './people';
import type { BishanOrganisation, OrgTown } from '@bishan/domain';

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
  /** The post as people here say it (党工委书记, 副镇长, 经办人), without the unit's name. */
  readonly title: string;
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
  const users = new Map<string, { roles: Role[]; scope: SeedUserScope; title: string }>();
  const add = (id: string, role: Role | null, title: string, scope: SeedUserScope = {}) => {
    const user = users.get(id);
    if (!user) users.set(id, { roles: role ? [role] : [], scope, title });
    else if (role && !user.roles.includes(role)) user.roles.push(role);
  };

  for (const leader of org.topDistrictLeaders) add(leader.id, 'top-district-leader', leader.title);
  for (const leader of org.districtLeaders) add(leader.id, 'district-leader', leader.title);
  for (const town of org.towns) {
    for (const id of town.leaderIds) add(id, 'town-leader', townPost(town, id, '领导班子成员'), { townId: town.id });
    for (const id of town.triageMemberIds) add(id, 'town-triage', townPost(town, id, '党(工)委委员'), { townId: town.id });
  }
  for (const village of org.villages) {
    add(village.secretaryId, 'village-secretary', '党组织书记', { townId: village.townId, villageId: village.id });
  }
  for (const courtyard of org.courtyards) {
    for (const id of courtyard.cadreIds) add(id, null, '包联院坝干部', { townId: courtyard.townId, villageId: courtyard.villageId });
  }
  for (const department of org.departments) {
    for (const id of department.leaderIds) add(id, 'department-leader', '负责人', { departmentId: department.id });
    for (const id of department.handlerIds) add(id, 'department-handler', '经办人', { departmentId: department.id });
  }
  for (const villageId of villagesWithResidents) {
    const village = org.villages.find((v) => v.id === villageId);
    if (!village) throw new Error(`village '${villageId}' is missing from the organisation`);
    for (let n = 1; n <= RESIDENTS_PER_VILLAGE; n++) {
      add(`resident-${villageId}-${n}`, 'resident', '群众', { townId: village.townId, villageId });
    }
  }
  add('admin', 'admin', '系统管理员');

  return [...users].map(([id, { roles, scope, title }]) => ({ id, name: personName(id), roles, scope, title }));
}

/**
 * The posts of a town's leadership and party committee by the seed's id slots (`bicheng-secretary`):
 * a 街道 has a 党工委 and an office (办事处), a 镇 a 党委 and a government. A person added by an
 * edit under another id is named by what they do.
 */
function townPost(town: OrgTown, personId: string, otherwise: string): string {
  const street = town.kind === 'street';
  const posts: Record<string, string> = {
    secretary: street ? '党工委书记' : '党委书记',
    head: street ? '党工委副书记、办事处主任' : '党委副书记、镇长',
    'deputy-secretary': street ? '党工委副书记' : '党委副书记',
    'discipline-secretary': street ? '纪工委书记' : '纪委书记',
    'organisation-member': street ? '党工委委员(组织)' : '党委委员(组织)',
  };
  const slot = personId.startsWith(`${town.id}-`) ? personId.slice(town.id.length + 1) : '';
  if (/^deputy-\d+$/.test(slot)) return street ? '办事处副主任' : '副镇长';
  return posts[slot] ?? otherwise;
}
