/** The shape of the embedded default organisation: richer than the domain's `Directory`. */

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

/** 区领导: linked to towns (联系镇街) and in charge of a portfolio of departments (分管). */
export interface DistrictLeader {
  readonly id: string;
  readonly title: string;
  /** The first is the leader's primary link. */
  readonly linkedTownIds: readonly string[];
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
  /** District leaders linked to the town, highest-ranking first. */
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
  /** 分管区领导. */
  readonly supervisingLeaderId: string;
}

export interface BishanOrganisation {
  readonly district: District;
  readonly topDistrictLeaders: readonly TopDistrictLeader[];
  readonly districtLeaders: readonly DistrictLeader[];
  readonly towns: readonly OrgTown[];
  readonly villages: readonly Village[];
  readonly courtyards: readonly Courtyard[];
  readonly departments: readonly OrgDepartment[];
}
