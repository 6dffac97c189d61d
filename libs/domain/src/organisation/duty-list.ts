import { compareText } from '../ordering';

/** The organisation as data, handed to the rules by the caller (the workflow gets it as input). */
export interface Department {
  readonly id: string;
  readonly name: string;
  /** Categories the department answers for (职责清单), its primary duties first. */
  readonly dutyCategories: readonly string[];
  readonly leaderIds: readonly string[];
  /** The district leader in charge of the department (分管区领导). */
  readonly supervisingLeaderId: string;
}

export interface Town {
  readonly id: string;
  readonly name: string;
  readonly leaderIds: readonly string[];
  /** Members of the town party committee who triage (研判): reminded when triage is due. */
  readonly triageMemberIds: readonly string[];
  /** The district leader linked to the town (联系镇街). */
  readonly linkedDistrictLeaderId: string;
}

export interface Directory {
  readonly departments: readonly Department[];
  readonly towns: readonly Town[];
  readonly topDistrictLeaderIds: readonly string[];
}

export function findDepartment(directory: Directory, id: string): Department | undefined {
  return directory.departments.find((d) => d.id === id);
}

export function findTown(directory: Directory, id: string): Town | undefined {
  return directory.towns.find((t) => t.id === id);
}

export function coversCategory(department: Department, category: string): boolean {
  return department.dutyCategories.includes(category);
}

/**
 * Departments whose duty list covers the category, best match first: a department for which the
 * category is a primary duty (earlier in its list) ranks higher, then a specialist (shorter list)
 * before a generalist, then by id so the order is stable.
 */
export function departmentsCovering(directory: Directory, category: string): Department[] {
  return directory.departments
    .filter((d) => coversCategory(d, category))
    .sort(
      (a, b) =>
        a.dutyCategories.indexOf(category) - b.dutyCategories.indexOf(category) ||
        a.dutyCategories.length - b.dutyCategories.length ||
        compareText(a.id, b.id),
    );
}

export function bestMatchingDepartment(directory: Directory, category: string): Department | undefined {
  return departmentsCovering(directory, category)[0];
}

