import { createTestDatabase, type TestDatabase } from '@bishan/testing';
import { createDatabase, type Database } from '../prisma-client';
import { applyOrganisationEdit, type OrganisationEdit } from '@bishan/domain';
import { bishanOrganisation } from './seed/bishan-organisation';
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
    await repository.apply(
      { type: 'updateDepartment', id: 'housing', changes: { dutyCategories: ['房屋改造', '危房改造', '物业管理', '道路市容', '电梯加装'] } },
      'admin',
    );
    const revision = await repository.revision();
    expect(revision).toBe(2);
    const housing = (await repository.load()).departments.find((d) => d.id === 'housing');
    expect(housing?.dutyCategories).toContain('电梯加装');

    const before = await repository.load();
    const refusal = await repository
      .apply(
        {
          type: 'createVillage',
          village: { id: 'xinhua', name: '新华村', kind: 'village', townId: 'nowhere', secretaryId: 'xinhua-secretary', location: { lat: 29.5, lon: 106.2 } },
        },
        'admin',
      )
      .catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(OrganisationEditRefused);
    expect(refusal).toMatchObject({ refusal: 'invalid-reference', field: 'townId' });
    expect(await repository.revision()).toBe(revision);
    expect(await repository.load()).toEqual(before);
  });

  it('moves a department between portfolios and refuses to leave one unsupervised', async () => {
    await repository.apply({ type: 'updateDistrictLeader', id: 'dl-14', changes: { departmentIds: ['transport', 'bus-company'] } }, 'admin');
    const org = await repository.load();
    expect(org.departments.find((d) => d.id === 'bus-company')?.supervisingLeaderId).toBe('dl-14');
    expect(org.districtLeaders.find((l) => l.id === 'dl-33')?.departmentIds).toEqual([]);

    await expect(repository.apply({ type: 'updateDistrictLeader', id: 'dl-14', changes: { departmentIds: ['transport'] } }, 'admin')).rejects.toMatchObject({
      field: 'departmentIds',
    });
    await expect(repository.apply({ type: 'updateDistrictLeader', id: 'dl-01', changes: { linkedTownIds: ['bicheng'] } }, 'admin')).resolves.toBeUndefined();
    // dl-01 was laifeng's primary link; dl-16 (the next linking it) takes over.
    expect((await repository.load()).towns.find((t) => t.id === 'laifeng')?.linkedDistrictLeaderIds[0]).toBe('dl-16');
  });

  it('stores exactly what the domain made of an edit, new records last', async () => {
    const edits: OrganisationEdit[] = [
      {
        type: 'createTown',
        town: { id: 'xinqiao', name: '新桥街道', kind: 'street', location: { lat: 29.6, lon: 106.2 }, leaderIds: ['xq-1'], triageMemberIds: ['xq-t'], linkedDistrictLeaderIds: ['dl-20', 'dl-02'] },
      },
      { type: 'createVillage', village: { id: 'xinqiao-1', name: '新桥社区', kind: 'community', townId: 'xinqiao', secretaryId: 'xq-sec', location: { lat: 29.6, lon: 106.2 } } },
      { type: 'updateCourtyard', id: 'dengfeng-yard-01', changes: { villageId: 'xinqiao-1', cadreIds: ['xq-c1'] } },
    ];
    for (const edit of edits) {
      const expected = applyOrganisationEdit(await repository.load(), edit);
      await repository.apply(edit, 'admin');
      expect(expected.ok && (await repository.load())).toEqual(expected.ok && expected.organisation);
    }
    const org = await repository.load();
    expect(org.towns.at(-1)).toMatchObject({ id: 'xinqiao', linkedDistrictLeaderIds: ['dl-02', 'dl-20'] });
    expect(org.courtyards.find((c) => c.id === 'dengfeng-yard-01')).toMatchObject({ townId: 'xinqiao', cadreIds: ['xq-c1'] });
  });
});
