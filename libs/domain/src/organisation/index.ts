export { type PlaceDirectory, type PlaceProblem, type RaisedPlace, checkRaisePlace } from './place-check';
export type {
  BishanOrganisation,
  Courtyard,
  DepartmentKind,
  District,
  DistrictLeader,
  GeoPoint,
  OrgDepartment,
  OrgTown,
  TopDistrictLeader,
  TownKind,
  Village,
  VillageKind,
} from './model';
export { toDirectory, withDerivedLinks } from './model';
export {
  type CourtyardCreate,
  type CourtyardUpdate,
  type DepartmentCreate,
  type DepartmentUpdate,
  type DistrictLeaderUpdate,
  type OrganisationEdit,
  type OrganisationEditRefusal,
  type OrganisationEditRefusalCode,
  type OrganisationEditResult,
  type OrganisationEditType,
  type TownCreate,
  type TownUpdate,
  type VillageCreate,
  type VillageUpdate,
  applyOrganisationEdit,
  editedRecord,
} from './organisation-edits';
export { type ResidentGroup, residentGroupsOf } from './resident-groups';
