import {
  bishanOrganisation,
  caseCategories,
  seedUsers,
  type OrgDepartment,
  type OrgTown,
  type Village,
} from '@bishan/db';
import type { Person } from './api-client';

/**
 * Who is who in the embedded default organisation (the seed users the development login knows):
 * the people the simulator acts as. Only the villages with resident accounts can rate a case; the
 * other villages' reporters have no login, so their cases close as not rated when the window ends.
 */
export class District {
  readonly towns: readonly OrgTown[];
  readonly villages: readonly Village[];
  readonly categories: readonly string[] = caseCategories;
  readonly residentVillages: readonly Village[];
  private readonly org = bishanOrganisation();
  private readonly residentsByVillage = new Map<string, string[]>();
  private readonly courtyardsByVillage = new Map<string, string[]>();
  private readonly villagesByTown = new Map<string, Village[]>();
  private readonly names = new Map<string, string>();

  constructor() {
    this.towns = this.org.towns;
    this.villages = this.org.villages;
    for (const user of seedUsers(this.org)) {
      this.names.set(user.id, user.name);
      if (!user.roles.includes('resident') || !user.scope.villageId) continue;
      const list = this.residentsByVillage.get(user.scope.villageId) ?? [];
      list.push(user.id);
      this.residentsByVillage.set(user.scope.villageId, list);
    }
    for (const courtyard of this.org.courtyards) {
      const list = this.courtyardsByVillage.get(courtyard.villageId) ?? [];
      list.push(courtyard.id);
      this.courtyardsByVillage.set(courtyard.villageId, list);
    }
    for (const village of this.villages) {
      const list = this.villagesByTown.get(village.townId) ?? [];
      list.push(village);
      this.villagesByTown.set(village.townId, list);
    }
    this.residentVillages = this.villages.filter((v) => this.residentsByVillage.has(v.id));
  }

  town(townId: string): OrgTown {
    const town = this.towns.find((t) => t.id === townId);
    if (!town) throw new Error(`unknown town '${townId}'`);
    return town;
  }

  village(villageId: string): Village {
    const village = this.villages.find((v) => v.id === villageId);
    if (!village) throw new Error(`unknown village '${villageId}'`);
    return village;
  }

  villagesOf(townId: string): readonly Village[] {
    return this.villagesByTown.get(townId) ?? [];
  }

  courtyardsOf(villageId: string): readonly string[] {
    return this.courtyardsByVillage.get(villageId) ?? [];
  }

  /** Residents of the village who can log in (and so rate); empty for most villages. */
  residentsOf(villageId: string): readonly string[] {
    return this.residentsByVillage.get(villageId) ?? [];
  }

  departmentsCovering(category: string): readonly OrgDepartment[] {
    return this.org.departments.filter((d) => d.dutyCategories.includes(category));
  }

  districtLeadersLinkedTo(townId: string): readonly string[] {
    return this.org.districtLeaders.filter((l) => l.linkedTownIds.includes(townId)).map((l) => l.id);
  }

  villageSecretary(villageId: string): Person {
    return { id: this.village(villageId).secretaryId, role: 'village-secretary' };
  }

  townLeader(townId: string): Person {
    return { id: this.town(townId).leaderIds[0]!, role: 'town-leader' };
  }

  townTriage(townId: string): Person {
    return { id: this.town(townId).triageMemberIds[0]!, role: 'town-triage' };
  }

  departmentHandler(department: OrgDepartment, n: number): Person {
    return { id: department.handlerIds[n % department.handlerIds.length]!, role: 'department-handler' };
  }

  /** The person's name in the seed organisation, or the id when it has none. */
  nameOf(personId: string): string {
    return this.names.get(personId) ?? personId;
  }

  /** The role a supervising leader of a case acts in, by the level of the supervision. */
  supervisorRole(level: string): string {
    if (level === 'town') return 'town-leader';
    if (level === 'topDistrictLeaders') return 'top-district-leader';
    return 'district-leader';
  }
}
