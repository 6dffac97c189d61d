import { createTestDatabase, type TestDatabase } from '@bishan/testing';
import { createDatabase, type Database } from '../prisma-client';
import { bishanOrganisation } from './bishan-organisation';
import { OrganisationEditRefused, OrganisationRepository } from './organisation.repository';

describe('OrganisationRepository', () => {
  let testDb: TestDatabase;
  let db: Database;
  let repository: OrganisationRepository;

  beforeAll(async () => {
    testDb = await createTestDatabase('organisation');
    db = await createDatabase(testDb.url);
    repository = new OrganisationRepository(db);
  }, 120_000);

  afterAll(async () => {
    await db?.$disconnect();
    testDb?.remove();
  });

  const counts = async () => ({
    towns: await db.orgTown.count(),
    villages: await db.orgVillage.count(),
    courtyards: await db.orgCourtyard.count(),
    departments: await db.orgDepartment.count(),
    districtLeaders: await db.orgDistrictLeader.count(),
    topDistrictLeaders: await db.orgTopDistrictLeader.count(),
  });

  it('seeds an empty database once, even when two seeders start together, and loads what it seeded', async () => {
    expect(await repository.revision()).toBeNull();
    await expect(repository.load()).rejects.toThrow(/empty/);

    // A second client stands for a second process starting at the same time. better-sqlite3 waits
    // for a lock synchronously, so on SQLite two clients in one process would block each other
    // until the busy timeout: there the second seeder runs after the first instead.
    const other = await createDatabase(testDb.url);
    try {
      const seeders = [repository, new OrganisationRepository(other)];
      const results =
        process.env['TEST_DATABASE'] === 'postgres'
          ? await Promise.all(seeders.map((seeder) => seeder.seedIfEmpty(bishanOrganisation())))
          : [await repository.seedIfEmpty(bishanOrganisation()), await seeders[1]?.seedIfEmpty(bishanOrganisation())];
      expect(results.filter(Boolean)).toHaveLength(1);
    } finally {
      await other.$disconnect();
    }

    expect(await counts()).toEqual({
      towns: 15,
      villages: 191,
      courtyards: 1_428,
      departments: bishanOrganisation().departments.length,
      districtLeaders: 34,
      topDistrictLeaders: 2,
    });
    expect(await repository.revision()).toBe(1);
    expect(await repository.load()).toEqual(bishanOrganisation());
  }, 120_000);

  it('does nothing when seeded again', async () => {
    const before = await counts();
    expect(await repository.seedIfEmpty(bishanOrganisation())).toBe(false);
    expect(await counts()).toEqual(before);
    expect(await repository.revision()).toBe(1);
  });

  it('applies an edit and moves the revision; a refused edit changes nothing', async () => {
    await repository.updateDepartment('housing', { dutyCategories: ['房屋改造', '危房改造', '物业管理', '道路市容', '电梯加装'] }, 'admin');
    const revision = await repository.revision();
    expect(revision).toBe(2);
    const housing = (await repository.load()).departments.find((d) => d.id === 'housing');
    expect(housing?.dutyCategories).toContain('电梯加装');

    const before = await repository.load();
    const refusal = await repository
      .createVillage(
        { id: 'xinhua', name: '新华村', kind: 'village', townId: 'nowhere', secretaryId: 'xinhua-secretary', location: { lat: 29.5, lon: 106.2 } },
        'admin',
      )
      .catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(OrganisationEditRefused);
    expect(refusal).toMatchObject({ refusal: 'invalid-reference', field: 'townId' });
    expect(await repository.revision()).toBe(revision);
    expect(await repository.load()).toEqual(before);
  });

  it('moves a department between portfolios and refuses to leave one unsupervised', async () => {
    await repository.updateDistrictLeader('dl-14', { departmentIds: ['transport', 'bus-company'] }, 'admin');
    const org = await repository.load();
    expect(org.departments.find((d) => d.id === 'bus-company')?.supervisingLeaderId).toBe('dl-14');
    expect(org.districtLeaders.find((l) => l.id === 'dl-33')?.departmentIds).toEqual([]);

    await expect(repository.updateDistrictLeader('dl-14', { departmentIds: ['transport'] }, 'admin')).rejects.toMatchObject({
      field: 'departmentIds',
    });
    await expect(repository.updateDistrictLeader('dl-01', { linkedTownIds: ['bicheng'] }, 'admin')).resolves.toBeUndefined();
    // dl-01 was laifeng's primary link; dl-16 (the next linking it) takes over.
    expect((await repository.load()).towns.find((t) => t.id === 'laifeng')?.linkedDistrictLeaderIds[0]).toBe('dl-16');
  });
});
