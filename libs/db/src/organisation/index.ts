export { bishanOrganisation, caseCategories } from './seed/bishan-organisation';
export { bishanDirectory } from './seed/directory';
export { type SeedUser, type SeedUserScope, seedUsers } from './seed/seed-users';
export { personName } from './seed/people';
export { OrganisationEditRefused, OrganisationRepository } from './organisation.repository';
export { currentOrganisation } from './current-organisation';
// The model and its pure rules live in @bishan/domain (organisation/); re-exported for the code that
// reads the organisation through this library.
export type {
  BishanOrganisation,
  Courtyard,
  DepartmentKind,
  District,
  DistrictLeader,
  GeoPoint,
  OrgDepartment,
  OrgTown,
  ResidentGroup,
  TopDistrictLeader,
  TownKind,
  Village,
  VillageKind,
} from '@bishan/domain';
export { residentGroupsOf, toDirectory } from '@bishan/domain';
