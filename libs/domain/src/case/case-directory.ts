import type { CaseCommand } from './case-commands';
import { type Department, type Directory, coversCategory } from '../organisation/duty-list';

/** What fixes the part of the directory one case reads: its place and category never change. */
export interface CaseDirectoryScope {
  readonly townId: string;
  readonly category: string;
  /** The case's lead department, when a run starts with one (a continued run). */
  readonly leadDepartmentId?: string;
}

/**
 * The part of the directory a case's rules read. A workflow records what it loads in every run's
 * history, and the whole directory is large (about 15 KB for Bishan's 51 departments and 15 towns,
 * most of a waiting case's history); a slice is a tenth of that.
 *
 * The rules read: the case's own town; the departments whose duty list covers the category (claim
 * scope, reminders, the best match's leaders); the lead department's leaders (escalation,
 * supervision); the top district leaders; and of every other department only that it exists
 * (co-handlers, joint tasks) and that it does not cover the category. So every other department
 * is kept by id only, and loaded in full when a command would make it the lead (loadsBefore).
 */
export interface DirectorySlice extends Directory {
  /** Departments known by id only. Absent in a whole directory (runs recorded before slices). */
  readonly otherDepartmentIds?: readonly string[];
}

export function sliceDirectory(directory: Directory, scope: CaseDirectoryScope): DirectorySlice {
  const inFull = (d: Department) => coversCategory(d, scope.category) || d.id === scope.leadDepartmentId;
  return {
    departments: directory.departments.filter(inFull),
    towns: directory.towns.filter((t) => t.id === scope.townId),
    topDistrictLeaderIds: directory.topDistrictLeaderIds,
    otherDepartmentIds: directory.departments.filter((d) => !inFull(d)).map((d) => d.id),
  };
}

/** What loadDirectory answers: the case's slice, or without a scope the whole directory. */
export function directoryFor(directory: Directory, scope: CaseDirectoryScope | undefined): DirectorySlice {
  return scope ? sliceDirectory(directory, scope) : directory;
}

/** What loadDepartments answers: these departments in full; one that does not exist is left out. */
export function departmentsNamed(directory: Directory, ids: readonly string[]): Department[] {
  return directory.departments.filter((d) => ids.includes(d.id));
}

/**
 * The directory the rules are given: a department known by id only stands in with an empty duty
 * list and no leaders. Its duty list cannot cover the category (it would be in full otherwise), so
 * every check the rules make of it answers as with its full record; its leaders are read only once
 * it leads, and it is loaded before that.
 */
export function directoryOfSlice(slice: DirectorySlice): Directory {
  const known = (slice.otherDepartmentIds ?? []).map((id): Department => ({
    id,
    name: id,
    dutyCategories: [],
    leaderIds: [],
    supervisingLeaderId: '',
  }));
  return { ...slice, departments: [...slice.departments, ...known] };
}

/** Departments a command may make the case's lead: they must be loaded in full before deciding it. */
function leadCandidates(command: CaseCommand): string[] {
  if (command.type === 'assignDepartment') return [command.departmentId];
  if (command.type === 'transferCase' || command.type === 'reassignCase') return [command.toDepartmentId];
  // A claim makes the claimer's department the lead, and only one covering the category may claim.
  return [];
}

/** Of the departments the command may make the lead, those the slice knows by id only. */
export function loadsBefore(command: CaseCommand, slice: DirectorySlice): string[] {
  const byIdOnly = slice.otherDepartmentIds ?? [];
  return leadCandidates(command).filter((id) => byIdOnly.includes(id));
}

/**
 * The slice with these departments in full. One asked for but not loaded no longer exists (the
 * organisation was edited since the run started): it is dropped, and the rules reject it as unknown.
 */
export function withDepartmentsLoaded(
  slice: DirectorySlice,
  asked: readonly string[],
  loaded: readonly Department[],
): DirectorySlice {
  // Only those still known by id: two commands may have asked for the same department at once.
  const byIdOnly = slice.otherDepartmentIds ?? [];
  const settled = new Set(asked.filter((id) => byIdOnly.includes(id)));
  return {
    ...slice,
    departments: [...slice.departments, ...loaded.filter((d) => settled.has(d.id))],
    otherDepartmentIds: byIdOnly.filter((id) => !settled.has(id)),
  };
}
