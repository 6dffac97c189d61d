export { bishanOrganisation, caseCategories } from './bishan-organisation';
export { bishanDirectory, toDirectory } from './directory';
export { type SeedUser, type SeedUserScope, seedUsers } from './seed-users';
export type * from './types';
export {
  OrganisationEditRefused,
  OrganisationRepository,
  type CourtyardCreate,
  type CourtyardUpdate,
  type DepartmentCreate,
  type DepartmentUpdate,
  type DistrictLeaderUpdate,
  type OrganisationEditRefusal,
  type TownCreate,
  type TownUpdate,
  type VillageCreate,
  type VillageUpdate,
} from './organisation.repository';
export { currentOrganisation } from './current-organisation';
export { personName } from './people';
