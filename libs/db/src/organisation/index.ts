export { bishanOrganisation, caseCategories } from './bishan-organisation';
export { bishanDirectory, toDirectory } from './directory';
export { type SeedUser, type SeedUserScope, seedUsers } from './seed-users';
export type * from './types';
