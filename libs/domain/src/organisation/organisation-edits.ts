import {
  type BishanOrganisation,
  type Courtyard,
  type DepartmentKind,
  type DistrictLeader,
  type GeoPoint,
  type OrgDepartment,
  type OrgTown,
  type TownKind,
  type Village,
  type VillageKind,
  withDerivedLinks,
} from './model';

export interface TownCreate {
  readonly id: string;
  readonly name: string;
  readonly kind: TownKind;
  readonly location: GeoPoint;
  readonly leaderIds: readonly string[];
  readonly triageMemberIds: readonly string[];
  /** Every town needs a linked district leader (overdue town cases escalate to the first). */
  readonly linkedDistrictLeaderIds: readonly string[];
}
export type TownUpdate = Partial<Omit<TownCreate, 'id' | 'linkedDistrictLeaderIds'>>;

export interface VillageCreate {
  readonly id: string;
  readonly name: string;
  readonly kind: VillageKind;
  readonly townId: string;
  readonly secretaryId: string;
  readonly location: GeoPoint;
}
export type VillageUpdate = Partial<Omit<VillageCreate, 'id'>>;

export interface CourtyardCreate {
  readonly id: string;
  readonly name: string;
  readonly villageId: string;
  readonly group: number;
  readonly cadreIds: readonly string[];
}
export type CourtyardUpdate = Partial<Omit<CourtyardCreate, 'id'>>;

export interface DepartmentCreate {
  readonly id: string;
  readonly name: string;
  readonly kind: DepartmentKind;
  readonly dutyCategories: readonly string[];
  readonly leaderIds: readonly string[];
  readonly handlerIds: readonly string[];
  /** The department joins this district leader's portfolio (and leaves any other). */
  readonly supervisingLeaderId: string;
}
export type DepartmentUpdate = Partial<Omit<DepartmentCreate, 'id'>>;

export interface DistrictLeaderUpdate {
  readonly title?: string;
  readonly linkedTownIds?: readonly string[];
  /** Departments added here leave their previous portfolio; one dropped must be in another. */
  readonly departmentIds?: readonly string[];
}

/** An admin's edit of one record; new records go last, in the order they were created. */
export type OrganisationEdit =
  | { readonly type: 'createTown'; readonly town: TownCreate }
  | { readonly type: 'updateTown'; readonly id: string; readonly changes: TownUpdate }
  | { readonly type: 'createVillage'; readonly village: VillageCreate }
  | { readonly type: 'updateVillage'; readonly id: string; readonly changes: VillageUpdate }
  | { readonly type: 'createCourtyard'; readonly courtyard: CourtyardCreate }
  | { readonly type: 'updateCourtyard'; readonly id: string; readonly changes: CourtyardUpdate }
  | { readonly type: 'createDepartment'; readonly department: DepartmentCreate }
  | { readonly type: 'updateDepartment'; readonly id: string; readonly changes: DepartmentUpdate }
  | { readonly type: 'updateDistrictLeader'; readonly id: string; readonly changes: DistrictLeaderUpdate };

export type OrganisationEditType = OrganisationEdit['type'];

/** The record an edit is about, e.g. for an audit entry's `town:laifeng`. */
export function editedRecord(edit: OrganisationEdit): {
  kind: 'town' | 'village' | 'courtyard' | 'department' | 'districtLeader';
  id: string;
} {
  switch (edit.type) {
    case 'createTown':
      return { kind: 'town', id: edit.town.id };
    case 'createVillage':
      return { kind: 'village', id: edit.village.id };
    case 'createCourtyard':
      return { kind: 'courtyard', id: edit.courtyard.id };
    case 'createDepartment':
      return { kind: 'department', id: edit.department.id };
    case 'updateTown':
      return { kind: 'town', id: edit.id };
    case 'updateVillage':
      return { kind: 'village', id: edit.id };
    case 'updateCourtyard':
      return { kind: 'courtyard', id: edit.id };
    case 'updateDepartment':
      return { kind: 'department', id: edit.id };
    case 'updateDistrictLeader':
      return { kind: 'districtLeader', id: edit.id };
  }
}

export type OrganisationEditRefusalCode = 'not-found' | 'already-exists' | 'invalid-reference';

/** Why an edit was refused; the field is named as the request names it (`linkedTownIds.1`). */
export interface OrganisationEditRefusal {
  readonly code: OrganisationEditRefusalCode;
  readonly field: string;
  readonly message: string;
}

export type OrganisationEditResult =
  | { readonly ok: true; readonly organisation: BishanOrganisation }
  | { readonly ok: false; readonly refusal: OrganisationEditRefusal };

/**
 * Applies one edit to the organisation, or refuses it without change: every reference must exist,
 * every town keeps a linked district leader and every department a supervising leader (a
 * department moves between portfolios, it never drops out of all). Derived links are recomputed.
 */
export function applyOrganisationEdit(
  org: BishanOrganisation,
  edit: OrganisationEdit,
): OrganisationEditResult {
  const result = changed(org, edit);
  return 'code' in result
    ? { ok: false, refusal: result }
    : { ok: true, organisation: withDerivedLinks(result) };
}

type Changed = BishanOrganisation | OrganisationEditRefusal;

function changed(org: BishanOrganisation, edit: OrganisationEdit): Changed {
  switch (edit.type) {
    case 'createTown':
      return createTown(org, edit.town);
    case 'updateTown':
      return update(org, 'towns', 'town', edit.id, (town): OrgTown => withChanges(town, edit.changes));
    case 'createVillage': {
      const { village } = edit;
      return (
        alreadyExists(org.villages, 'village', village.id) ??
        unknownTown(org, village.townId) ?? { ...org, villages: [...org.villages, villageOf(village)] }
      );
    }
    case 'updateVillage': {
      const { townId } = edit.changes;
      const edited = update(org, 'villages', 'village', edit.id, (village): Village =>
        withChanges(village, edit.changes),
      );
      return 'code' in edited || townId === undefined ? edited : (unknownTown(org, townId) ?? edited);
    }
    case 'createCourtyard': {
      const { courtyard } = edit;
      return (
        alreadyExists(org.courtyards, 'courtyard', courtyard.id) ??
        unknownVillage(org, courtyard.villageId) ?? {
          ...org,
          courtyards: [...org.courtyards, courtyardOf(courtyard)],
        }
      );
    }
    case 'updateCourtyard': {
      const { villageId } = edit.changes;
      const edited = update(org, 'courtyards', 'courtyard', edit.id, (courtyard): Courtyard =>
        withChanges(courtyard, edit.changes),
      );
      return 'code' in edited || villageId === undefined
        ? edited
        : (unknownVillage(org, villageId) ?? edited);
    }
    case 'createDepartment':
      return createDepartment(org, edit.department);
    case 'updateDepartment':
      return updateDepartment(org, edit.id, edit.changes);
    case 'updateDistrictLeader':
      return updateDistrictLeader(org, edit.id, edit.changes);
  }
}

function createTown(org: BishanOrganisation, town: TownCreate): Changed {
  const refusal =
    alreadyExists(org.towns, 'town', town.id) ??
    unknownLeaders(org, town.linkedDistrictLeaderIds, 'linkedDistrictLeaderIds');
  if (refusal) return refusal;
  return {
    ...org,
    towns: [
      ...org.towns,
      {
        id: town.id,
        name: town.name,
        kind: town.kind,
        location: { lat: town.location.lat, lon: town.location.lon },
        leaderIds: [...town.leaderIds],
        triageMemberIds: [...town.triageMemberIds],
        linkedDistrictLeaderIds: [],
      },
    ],
    districtLeaders: org.districtLeaders.map((l) =>
      town.linkedDistrictLeaderIds.includes(l.id)
        ? { ...l, linkedTownIds: [...l.linkedTownIds, town.id] }
        : l,
    ),
  };
}

function createDepartment(org: BishanOrganisation, department: DepartmentCreate): Changed {
  const refusal =
    alreadyExists(org.departments, 'department', department.id) ??
    unknownLeaders(org, [department.supervisingLeaderId], 'supervisingLeaderId');
  if (refusal) return refusal;
  const created: OrgDepartment = {
    id: department.id,
    name: department.name,
    kind: department.kind,
    dutyCategories: [...department.dutyCategories],
    leaderIds: [...department.leaderIds],
    handlerIds: [...department.handlerIds],
    supervisingLeaderId: department.supervisingLeaderId,
  };
  return inPortfolio(
    { ...org, departments: [...org.departments, created] },
    department.id,
    department.supervisingLeaderId,
  );
}

function updateDepartment(org: BishanOrganisation, id: string, changes: DepartmentUpdate): Changed {
  const { supervisingLeaderId, ...fields } = changes;
  const edited = update(org, 'departments', 'department', id, (d): OrgDepartment => withChanges(d, fields));
  if ('code' in edited || supervisingLeaderId === undefined) return edited;
  return (
    unknownLeaders(org, [supervisingLeaderId], 'supervisingLeaderId') ??
    inPortfolio(edited, id, supervisingLeaderId)
  );
}

function updateDistrictLeader(org: BishanOrganisation, id: string, changes: DistrictLeaderUpdate): Changed {
  const leader = org.districtLeaders.find((l) => l.id === id);
  if (!leader) return notFound('district leader', id);
  const others = org.districtLeaders.filter((l) => l.id !== id);
  const { linkedTownIds, departmentIds } = changes;

  if (linkedTownIds !== undefined) {
    const refusal =
      unknownIds(org.towns, linkedTownIds, 'linkedTownIds', 'town') ??
      // Every town keeps a linked leader: overdue town cases escalate to its primary link.
      leader.linkedTownIds
        .filter((t) => !linkedTownIds.includes(t) && !others.some((l) => l.linkedTownIds.includes(t)))
        .map((t) =>
          invalid(
            'linkedTownIds',
            `town '${t}' would have no linked district leader; link another leader first`,
          ),
        )[0];
    if (refusal) return refusal;
  }
  if (departmentIds !== undefined) {
    const refusal =
      unknownIds(org.departments, departmentIds, 'departmentIds', 'department') ??
      leader.departmentIds
        .filter((d) => !departmentIds.includes(d))
        .map((d) =>
          invalid(
            'departmentIds',
            `department '${d}' would have no supervising leader; add it to another leader's portfolio instead`,
          ),
        )[0];
    if (refusal) return refusal;
  }
  return {
    ...org,
    districtLeaders: org.districtLeaders.map((l): DistrictLeader => {
      if (l.id === id) return withChanges(l, changes);
      // Departments taken into this portfolio leave the one they were in.
      if (departmentIds === undefined || !l.departmentIds.some((d) => departmentIds.includes(d))) return l;
      return { ...l, departmentIds: l.departmentIds.filter((d) => !departmentIds.includes(d)) };
    }),
  };
}

/** Puts the department in `leaderId`'s portfolio (at its end) and takes it out of any other. */
function inPortfolio(org: BishanOrganisation, departmentId: string, leaderId: string): BishanOrganisation {
  return {
    ...org,
    districtLeaders: org.districtLeaders.map((l) => {
      const has = l.departmentIds.includes(departmentId);
      if (l.id === leaderId) return has ? l : { ...l, departmentIds: [...l.departmentIds, departmentId] };
      return has ? { ...l, departmentIds: l.departmentIds.filter((d) => d !== departmentId) } : l;
    }),
  };
}

type RecordList = 'towns' | 'villages' | 'courtyards' | 'departments';

function update<K extends RecordList>(
  org: BishanOrganisation,
  list: K,
  kind: string,
  id: string,
  change: (record: BishanOrganisation[K][number]) => BishanOrganisation[K][number],
): Changed {
  const records = org[list] as readonly BishanOrganisation[K][number][];
  if (!records.some((r) => r.id === id)) return notFound(kind, id);
  return { ...org, [list]: records.map((r) => (r.id === id ? change(r) : r)) };
}

/** The record with every field the changes set (an absent or undefined field keeps its value). */
function withChanges<T extends object>(record: T, changes: object): T {
  const set = Object.entries(changes).filter(([key, value]) => value !== undefined && key in record);
  return { ...record, ...Object.fromEntries(set) };
}

function villageOf(v: VillageCreate): Village {
  return {
    id: v.id,
    name: v.name,
    kind: v.kind,
    townId: v.townId,
    secretaryId: v.secretaryId,
    location: { ...v.location },
  };
}

function courtyardOf(c: CourtyardCreate): Courtyard {
  return {
    id: c.id,
    name: c.name,
    villageId: c.villageId,
    townId: '',
    group: c.group,
    cadreIds: [...c.cadreIds],
  };
}

const notFound = (kind: string, id: string): OrganisationEditRefusal => ({
  code: 'not-found',
  field: 'id',
  message: `no ${kind} with id '${id}'`,
});

const invalid = (field: string, message: string): OrganisationEditRefusal => ({
  code: 'invalid-reference',
  field,
  message,
});

function alreadyExists(
  records: readonly { id: string }[],
  kind: string,
  id: string,
): OrganisationEditRefusal | undefined {
  if (!records.some((r) => r.id === id)) return undefined;
  return { code: 'already-exists', field: 'id', message: `a ${kind} with id '${id}' already exists` };
}

function unknownTown(org: BishanOrganisation, townId: string): OrganisationEditRefusal | undefined {
  return org.towns.some((t) => t.id === townId)
    ? undefined
    : invalid('townId', `no town with id '${townId}'`);
}

function unknownVillage(org: BishanOrganisation, villageId: string): OrganisationEditRefusal | undefined {
  return org.villages.some((v) => v.id === villageId)
    ? undefined
    : invalid('villageId', `no village with id '${villageId}'`);
}

/** The first id with no record, named `field.i`. */
function unknownIds(
  records: readonly { id: string }[],
  wanted: readonly string[],
  field: string,
  kind: string,
): OrganisationEditRefusal | undefined {
  const i = wanted.findIndex((id) => !records.some((r) => r.id === id));
  return i < 0 ? undefined : invalid(`${field}.${i}`, `no ${kind} with id '${wanted[i]}'`);
}

/** A district leader reference: a list's entry is named `field.i`, a single one `field`. */
function unknownLeaders(
  org: BishanOrganisation,
  leaderIds: readonly string[],
  field: string,
): OrganisationEditRefusal | undefined {
  const refusal = unknownIds(org.districtLeaders, leaderIds, field, 'district leader');
  return refusal && !field.endsWith('Ids') ? { ...refusal, field } : refusal;
}
