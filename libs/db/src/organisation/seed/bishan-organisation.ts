import { buildCourtyards } from './courtyards';
import { HANDLERS_PER_DEPARTMENT, LEADERS_PER_DEPARTMENT, departmentRows } from './departments';
import { districtLeaderRows, topDistrictLeaderRows } from './district-leaders';
import { bishanDistrict, townRows } from './towns';
import { buildVillages } from './villages';
import { type BishanOrganisation, type DistrictLeader, type OrgDepartment, type OrgTown, withDerivedLinks } from '@bishan/domain';

export { caseCategories } from './departments';

/**
 * Each town's leadership (党政领导班子): its party secretary, its head (镇长 / 街道办主任) and
 * three deputies. They convene town meetings and supervise cases handled in the town's villages.
 */
const townLeaderRoles = ['secretary', 'head', 'deputy-1', 'deputy-2', 'deputy-3'] as const;
/**
 * The town party committee members who triage (研判): the secretary and the head (who is also a
 * deputy secretary) sit on both, with the full-time deputy secretary, the discipline secretary
 * and the organisation member.
 */
const townTriageRoles = ['secretary', 'head', 'deputy-secretary', 'discipline-secretary', 'organisation-member'] as const;

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/**
 * The embedded default organisation of 璧山区: 15 towns, 191 villages, 1,428 courtyards,
 * 3,200+ cadres, 34 district leaders and the departments that claim cases. Pure and
 * deterministic: the same value on every call (real names from DOMAIN.md, the rest generated
 * from fixed seeds). Throws if the tables contradict each other.
 */
export function bishanOrganisation(): BishanOrganisation {
  const districtLeaders: DistrictLeader[] = districtLeaderRows.map((row) => ({
    id: row.id,
    title: row.title,
    linkedTownIds: [...row.towns],
    departmentIds: [...row.portfolio],
  }));

  const towns: OrgTown[] = townRows.map((row) => ({
    id: row.id,
    name: row.name,
    kind: row.kind,
    location: { lat: row.lat, lon: row.lon },
    leaderIds: townLeaderRoles.map((role) => `${row.id}-${role}`),
    triageMemberIds: townTriageRoles.map((role) => `${row.id}-${role}`),
    linkedDistrictLeaderIds: [], // derived below
  }));

  const departments: OrgDepartment[] = departmentRows.map((row) => ({
    id: row.id,
    name: row.name,
    kind: row.kind,
    dutyCategories: [...row.duties],
    leaderIds: range(LEADERS_PER_DEPARTMENT).map((n) => `${row.id}-leader-${n}`),
    handlerIds: range(HANDLERS_PER_DEPARTMENT).map((n) => `${row.id}-handler-${n}`),
    supervisingLeaderId: '', // derived below
  }));

  const villages = buildVillages();
  const organisation = withDerivedLinks({
    district: bishanDistrict,
    topDistrictLeaders: topDistrictLeaderRows.map((row) => ({ ...row })),
    districtLeaders,
    towns,
    villages,
    courtyards: buildCourtyards(villages),
    departments,
  });
  checkConsistency(organisation);
  return organisation;
}

/** Catches a typo in a table at the first call rather than as a dangling id in production. */
function checkConsistency(org: BishanOrganisation): void {
  const townIds = new Set(org.towns.map((t) => t.id));
  const departmentIds = new Set(org.departments.map((d) => d.id));
  for (const leader of org.districtLeaders) {
    if (leader.linkedTownIds.length === 0) throw new Error(`${leader.id} is linked to no town`);
    for (const id of leader.linkedTownIds) if (!townIds.has(id)) throw new Error(`${leader.id}: unknown town '${id}'`);
    for (const id of leader.departmentIds) {
      if (!departmentIds.has(id)) throw new Error(`${leader.id}: unknown department '${id}'`);
    }
  }
  for (const town of org.towns) {
    if (town.linkedDistrictLeaderIds.length === 0) throw new Error(`town '${town.id}' has no linked district leader`);
  }
  for (const department of org.departments) {
    const portfolios = org.districtLeaders.filter((l) => l.departmentIds.includes(department.id)).length;
    if (portfolios !== 1) throw new Error(`department '${department.id}' must be in exactly one portfolio, found ${portfolios}`);
  }
}
