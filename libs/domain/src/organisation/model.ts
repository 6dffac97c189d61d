import type { Directory } from './duty-list';

/**
 * The organisation as the whole system knows it: places, leaders, departments and their people.
 * Richer than the case rules' `Directory` (`toDirectory`). Stored in libs/db's `Org*` tables, seeded
 * from the embedded default there, and edited only through `applyOrganisationEdit`.
 */
export interface BishanOrganisation {
  readonly district: District;
  readonly topDistrictLeaders: readonly TopDistrictLeader[];
  readonly districtLeaders: readonly DistrictLeader[];
  readonly towns: readonly OrgTown[];
  readonly villages: readonly Village[];
  readonly courtyards: readonly Courtyard[];
  readonly departments: readonly OrgDepartment[];
}

export interface GeoPoint {
  /** Degrees north (WGS-84). */
  readonly lat: number;
  /** Degrees east (WGS-84). */
  readonly lon: number;
}

export interface District {
  readonly id: string;
  readonly name: string;
  readonly seatTownId: string;
  readonly seat: GeoPoint;
  readonly areaKm2: number;
}

/** 区委主要领导: supervise concentrated/prominent issues. */
export interface TopDistrictLeader {
  readonly id: string;
  readonly title: string;
}

/** 区领导, in rank order: linked to towns (联系镇街) and in charge of a portfolio of departments (分管). */
export interface DistrictLeader {
  readonly id: string;
  readonly title: string;
  /** The first is the leader's primary link. */
  readonly linkedTownIds: readonly string[];
  /** Each department is in exactly one portfolio, whose leader is its supervising leader. */
  readonly departmentIds: readonly string[];
}

/** 街道 (urban sub-district) or 镇 (town); both are a "town" in code. */
export type TownKind = 'street' | 'town';

export interface OrgTown {
  readonly id: string;
  readonly name: string;
  readonly kind: TownKind;
  /** Approximate, for centring a map; not survey data. */
  readonly location: GeoPoint;
  /** The town's leadership (党政领导班子): supervises village/town cases, convenes town meetings. */
  readonly leaderIds: readonly string[];
  /** Members of the town party committee (镇街党(工)委) who triage (研判). */
  readonly triageMemberIds: readonly string[];
  /** District leaders linked to the town, highest-ranking first (derived: `withDerivedLinks`). */
  readonly linkedDistrictLeaderIds: readonly string[];
}

/** 村 (village) or 社区 (community); both are a "village" in code. */
export type VillageKind = 'village' | 'community';

export interface Village {
  readonly id: string;
  readonly name: string;
  readonly kind: VillageKind;
  readonly townId: string;
  /** 村(社区)党组织书记. */
  readonly secretaryId: string;
  /** Approximate: placed around the town centre by arithmetic, for maps only. */
  readonly location: GeoPoint;
}

export interface Courtyard {
  readonly id: string;
  readonly name: string;
  readonly villageId: string;
  /** The village's town (derived: `withDerivedLinks`). */
  readonly townId: string;
  /** The resident group (村民小组) or community grid (网格) the courtyard belongs to. */
  readonly group: number;
  /** Cadres assigned to the courtyard (包联院坝的党员干部), 1–3 each. */
  readonly cadreIds: readonly string[];
}

export type DepartmentKind = 'government' | 'party' | 'mass-organisation' | 'public-unit' | 'enterprise';

export interface OrgDepartment {
  readonly id: string;
  readonly name: string;
  readonly kind: DepartmentKind;
  /** 职责清单, primary duties first (the domain ranks departments by this order). */
  readonly dutyCategories: readonly string[];
  readonly leaderIds: readonly string[];
  readonly handlerIds: readonly string[];
  /** 分管区领导: the leader whose portfolio holds the department (derived: `withDerivedLinks`). */
  readonly supervisingLeaderId: string;
}

/**
 * The organisation with every derived link recomputed from what is stored once: a town's linked
 * leaders from the leaders' links (in rank order, so the first is the primary link), a department's
 * supervising leader from the portfolios, a courtyard's town from its village.
 */
export function withDerivedLinks(org: BishanOrganisation): BishanOrganisation {
  const townOfVillage = new Map(org.villages.map((v) => [v.id, v.townId]));
  return {
    ...org,
    towns: org.towns.map((t) => ({
      ...t,
      linkedDistrictLeaderIds: org.districtLeaders
        .filter((l) => l.linkedTownIds.includes(t.id))
        .map((l) => l.id),
    })),
    courtyards: org.courtyards.map((c) => ({ ...c, townId: townOfVillage.get(c.villageId) ?? '' })),
    departments: org.departments.map((d) => ({
      ...d,
      supervisingLeaderId: org.districtLeaders.find((l) => l.departmentIds.includes(d.id))?.id ?? '',
    })),
  };
}

/**
 * The organisation as the case rules see it. The domain keeps one linked district leader per
 * town (the one an overdue town case escalates to): that is the town's primary link, its
 * highest-ranking linked leader. Town leaders supervise and take escalations of village/town cases;
 * triage members are reminded of triage that falls due (who may triage is checked by the actor's
 * role and town).
 */
export function toDirectory(org: BishanOrganisation): Directory {
  return {
    departments: org.departments.map((d) => ({
      id: d.id,
      name: d.name,
      dutyCategories: [...d.dutyCategories],
      leaderIds: [...d.leaderIds],
      supervisingLeaderId: d.supervisingLeaderId,
    })),
    towns: org.towns.map((t) => {
      const [linkedDistrictLeaderId] = t.linkedDistrictLeaderIds;
      if (!linkedDistrictLeaderId) throw new Error(`town '${t.id}' has no linked district leader`);
      return {
        id: t.id,
        name: t.name,
        leaderIds: [...t.leaderIds],
        triageMemberIds: [...t.triageMemberIds],
        linkedDistrictLeaderId,
      };
    }),
    topDistrictLeaderIds: org.topDistrictLeaders.map((l) => l.id),
  };
}
