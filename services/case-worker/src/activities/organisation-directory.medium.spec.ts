import { bishanDirectory, createDatabase, OrganisationRepository, type Database } from '@bishan/db';
import { createTestDatabase, type TestDatabase } from '@bishan/testing';
import { organisationDirectory } from './organisation-directory';

describe('organisationDirectory', () => {
  let testDb: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    testDb = await createTestDatabase('worker-directory');
    db = await createDatabase(testDb.url);
  }, 120_000);

  afterAll(async () => {
    await db?.$disconnect();
    testDb?.remove();
  });

  it('seeds an empty database, serves the same directory until an edit, then the edited one', async () => {
    const directory = organisationDirectory(db);
    const first = await directory();
    expect(first).toEqual(bishanDirectory());
    expect(await directory()).toBe(first);

    await new OrganisationRepository(db).apply(
      { type: 'updateDepartment', id: 'transport', changes: { dutyCategories: ['农村公路', '公交出行', '加装电梯'] } },
      'admin',
    );
    const edited = await directory();
    expect(edited).not.toBe(first);
    expect(edited.departments.find((d) => d.id === 'transport')?.dutyCategories).toEqual(['农村公路', '公交出行', '加装电梯']);
  }, 120_000);
});
