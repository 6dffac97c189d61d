import type {
  OrgCourtyard,
  OrgDepartment as OrgDepartmentRow,
  OrgDistrict,
  OrgDistrictLeader,
  OrgTopDistrictLeader,
  OrgTown as OrgTownRow,
  OrgVillage,
  Prisma,
} from '@prisma/client';
import {
  type BishanOrganisation,
  type DepartmentKind,
  type TownKind,
  type VillageKind,
  withDerivedLinks,
} from '@bishan/domain';

/**
 * The organisation's tables, one list per table in the model's order. The one mapping between
 * rows and the model (`toRows`, `fromRows`): lists of ids are JSON text columns, a list's order is
 * its `position`, and what the model derives (a town's linked leaders, a department's supervising
 * leader, a courtyard's town) is not stored.
 */
export interface OrganisationRows {
  readonly district: OrgDistrict;
  readonly topDistrictLeaders: readonly OrgTopDistrictLeader[];
  readonly districtLeaders: readonly OrgDistrictLeader[];
  readonly towns: readonly OrgTownRow[];
  readonly villages: readonly OrgVillage[];
  readonly courtyards: readonly OrgCourtyard[];
  readonly departments: readonly OrgDepartmentRow[];
}

/** The tables holding lists, parents before children (villages refer to towns, courtyards to villages). */
export const listTables = [
  'topDistrictLeaders',
  'districtLeaders',
  'towns',
  'villages',
  'courtyards',
  'departments',
] as const;
export type ListTable = (typeof listTables)[number];

const ids = (json: string): string[] => JSON.parse(json) as string[];
const json = (values: readonly string[]): string => JSON.stringify(values);

export function toRows(org: BishanOrganisation): OrganisationRows {
  const d = org.district;
  return {
    district: {
      id: d.id,
      name: d.name,
      seatTownId: d.seatTownId,
      seatLat: d.seat.lat,
      seatLon: d.seat.lon,
      areaKm2: d.areaKm2,
    },
    topDistrictLeaders: org.topDistrictLeaders.map((l, position) => ({ id: l.id, title: l.title, position })),
    districtLeaders: org.districtLeaders.map((l, position) => ({
      id: l.id,
      title: l.title,
      position,
      linkedTownIds: json(l.linkedTownIds),
      departmentIds: json(l.departmentIds),
    })),
    towns: org.towns.map((t, position) => ({
      id: t.id,
      name: t.name,
      kind: t.kind,
      lat: t.location.lat,
      lon: t.location.lon,
      leaderIds: json(t.leaderIds),
      triageMemberIds: json(t.triageMemberIds),
      position,
    })),
    villages: org.villages.map((v, position) => ({
      id: v.id,
      name: v.name,
      kind: v.kind,
      townId: v.townId,
      secretaryId: v.secretaryId,
      lat: v.location.lat,
      lon: v.location.lon,
      position,
    })),
    courtyards: org.courtyards.map((c, position) => ({
      id: c.id,
      name: c.name,
      villageId: c.villageId,
      residentGroup: c.group,
      cadreIds: json(c.cadreIds),
      position,
    })),
    departments: org.departments.map((dep, position) => ({
      id: dep.id,
      name: dep.name,
      kind: dep.kind,
      dutyCategories: json(dep.dutyCategories),
      leaderIds: json(dep.leaderIds),
      handlerIds: json(dep.handlerIds),
      position,
    })),
  };
}

/** Rows as read, each list ordered by position. */
export function fromRows(rows: OrganisationRows): BishanOrganisation {
  const { district } = rows;
  return withDerivedLinks({
    district: {
      id: district.id,
      name: district.name,
      seatTownId: district.seatTownId,
      seat: { lat: district.seatLat, lon: district.seatLon },
      areaKm2: district.areaKm2,
    },
    topDistrictLeaders: rows.topDistrictLeaders.map((t) => ({ id: t.id, title: t.title })),
    districtLeaders: rows.districtLeaders.map((l) => ({
      id: l.id,
      title: l.title,
      linkedTownIds: ids(l.linkedTownIds),
      departmentIds: ids(l.departmentIds),
    })),
    towns: rows.towns.map((t) => ({
      id: t.id,
      name: t.name,
      kind: t.kind as TownKind,
      location: { lat: t.lat, lon: t.lon },
      leaderIds: ids(t.leaderIds),
      triageMemberIds: ids(t.triageMemberIds),
      linkedDistrictLeaderIds: [],
    })),
    villages: rows.villages.map((v) => ({
      id: v.id,
      name: v.name,
      kind: v.kind as VillageKind,
      townId: v.townId,
      secretaryId: v.secretaryId,
      location: { lat: v.lat, lon: v.lon },
    })),
    courtyards: rows.courtyards.map((c) => ({
      id: c.id,
      name: c.name,
      villageId: c.villageId,
      townId: '',
      group: c.residentGroup,
      cadreIds: ids(c.cadreIds),
    })),
    departments: rows.departments.map((d) => ({
      id: d.id,
      name: d.name,
      kind: d.kind as DepartmentKind,
      dutyCategories: ids(d.dutyCategories),
      leaderIds: ids(d.leaderIds),
      handlerIds: ids(d.handlerIds),
      supervisingLeaderId: '',
    })),
  });
}

/** Per list table, the rows of `after` that are new or differ from `before` (records are never removed). */
export function changedRows(
  before: OrganisationRows,
  after: OrganisationRows,
): { table: ListTable; rows: object[] }[] {
  return listTables.map((table) => {
    const old = new Map<string, object>(before[table].map((row) => [row.id, row]));
    const rows = (after[table] as readonly { id: string }[]).filter((row) => !sameRow(old.get(row.id), row));
    if ((after[table] as readonly object[]).length < before[table].length)
      throw new Error(`a ${table} record was removed`);
    return { table, rows };
  });
}

function sameRow(a: object | undefined, b: object): boolean {
  return (
    a !== undefined &&
    Object.entries(b).every(([key, value]) => (a as Record<string, unknown>)[key] === value)
  );
}

/** The Prisma delegate of each list table, as far as writing whole rows goes. */
export function listDelegates(tx: Prisma.TransactionClient): Record<ListTable, RowWriter> {
  return {
    topDistrictLeaders: tx.orgTopDistrictLeader,
    districtLeaders: tx.orgDistrictLeader,
    towns: tx.orgTown,
    villages: tx.orgVillage,
    courtyards: tx.orgCourtyard,
    departments: tx.orgDepartment,
  } as unknown as Record<ListTable, RowWriter>;
}

export interface RowWriter {
  createMany(args: { data: readonly object[] }): Promise<unknown>;
  upsert(args: { where: { id: string }; create: object; update: object }): Promise<unknown>;
  findMany(args: { orderBy: { position: 'asc' } }): Promise<never[]>;
}
