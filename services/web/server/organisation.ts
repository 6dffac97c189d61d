import { bishanOrganisation, caseCategories } from '@bishan/db';

/**
 * Names and shapes the console shows in pickers and tables (towns, villages, departments with
 * their duty lists, leaders): the embedded default organisation, the same one the case API seeds.
 * Courtyards are left out of the payload; the forms take a village and an optional courtyard id.
 */
export function organisationForConsole() {
  const org = bishanOrganisation();
  return {
    district: { id: org.district.id, name: org.district.name },
    towns: org.towns.map((t) => ({ id: t.id, name: t.name })),
    villages: org.villages.map((v) => ({ id: v.id, name: v.name, townId: v.townId })),
    departments: org.departments.map((d) => ({ id: d.id, name: d.name, dutyCategories: d.dutyCategories })),
    districtLeaders: org.districtLeaders.map((l) => ({ id: l.id, title: l.title, departmentIds: l.departmentIds })),
    categories: caseCategories,
  };
}
