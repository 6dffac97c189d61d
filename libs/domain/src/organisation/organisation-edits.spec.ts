import { type BishanOrganisation, toDirectory, withDerivedLinks } from './model';
import { type OrganisationEdit, applyOrganisationEdit, editedRecord } from './organisation-edits';

const at = { lat: 29.5, lon: 106.2 };

/** Two towns, three leaders in rank order, two villages, two courtyards, two departments. */
const org: BishanOrganisation = withDerivedLinks({
  district: { id: 'bishan', name: '璧山区', seatTownId: 'laifeng', seat: at, areaKm2: 914 },
  topDistrictLeaders: [{ id: 'top-1', title: '区委书记' }],
  districtLeaders: [
    { id: 'dl-01', title: '区长', linkedTownIds: ['laifeng'], departmentIds: ['housing'] },
    { id: 'dl-02', title: '副区长', linkedTownIds: ['laifeng'], departmentIds: ['transport'] },
    { id: 'dl-03', title: '副区长', linkedTownIds: ['zhengxing'], departmentIds: [] },
  ],
  towns: [
    {
      id: 'laifeng',
      name: '来凤街道',
      kind: 'street',
      location: at,
      leaderIds: ['lf-1'],
      triageMemberIds: ['lf-t'],
      linkedDistrictLeaderIds: [],
    },
    {
      id: 'zhengxing',
      name: '正兴镇',
      kind: 'town',
      location: at,
      leaderIds: ['zx-1'],
      triageMemberIds: ['zx-t'],
      linkedDistrictLeaderIds: [],
    },
  ],
  villages: [
    {
      id: 'dengfeng',
      name: '登凤村',
      kind: 'village',
      townId: 'laifeng',
      secretaryId: 'df-sec',
      location: at,
    },
    {
      id: 'shilong',
      name: '石龙村',
      kind: 'village',
      townId: 'zhengxing',
      secretaryId: 'sl-sec',
      location: at,
    },
  ],
  courtyards: [
    {
      id: 'dengfeng-yard-01',
      name: '一号院坝',
      villageId: 'dengfeng',
      townId: '',
      group: 1,
      cadreIds: ['c-1'],
    },
    {
      id: 'shilong-yard-01',
      name: '一号院坝',
      villageId: 'shilong',
      townId: '',
      group: 1,
      cadreIds: ['c-2'],
    },
  ],
  departments: [
    {
      id: 'housing',
      name: '区住建委',
      kind: 'government',
      dutyCategories: ['房屋改造'],
      leaderIds: ['h-l'],
      handlerIds: ['h-h'],
      supervisingLeaderId: '',
    },
    {
      id: 'transport',
      name: '区交通局',
      kind: 'government',
      dutyCategories: ['农村公路'],
      leaderIds: ['t-l'],
      handlerIds: ['t-h'],
      supervisingLeaderId: '',
    },
  ],
});

function applied(edit: OrganisationEdit): BishanOrganisation {
  const result = applyOrganisationEdit(org, edit);
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.refusal)}`);
  return result.organisation;
}

function refusal(edit: OrganisationEdit) {
  const before = JSON.stringify(org);
  const result = applyOrganisationEdit(org, edit);
  expect(JSON.stringify(org)).toBe(before); // never mutated, refused or not
  return result.ok ? null : result.refusal;
}

const byId = <T extends { id: string }>(items: readonly T[], id: string): T | undefined =>
  items.find((i) => i.id === id);

describe('the organisation model', () => {
  it('derives links from what is stored once: town links in rank order, portfolios, courtyard towns', () => {
    expect(byId(org.towns, 'laifeng')?.linkedDistrictLeaderIds).toEqual(['dl-01', 'dl-02']);
    expect(byId(org.departments, 'transport')?.supervisingLeaderId).toBe('dl-02');
    expect(byId(org.courtyards, 'shilong-yard-01')?.townId).toBe('zhengxing');
  });

  it("gives the case rules each town's primary link", () => {
    const directory = toDirectory(org);
    expect(directory.towns.map((t) => [t.id, t.linkedDistrictLeaderId])).toEqual([
      ['laifeng', 'dl-01'],
      ['zhengxing', 'dl-03'],
    ]);
    expect(directory.topDistrictLeaderIds).toEqual(['top-1']);
  });
});

describe('applyOrganisationEdit', () => {
  const newTown = {
    id: 'qinggang',
    name: '青杠街道',
    kind: 'street',
    location: at,
    leaderIds: ['qg-1'],
    triageMemberIds: [],
  } as const;

  it('adds a town last and links it to the named leaders, who keep their rank order', () => {
    const edited = applied({
      type: 'createTown',
      town: { ...newTown, linkedDistrictLeaderIds: ['dl-03', 'dl-01'] },
    });
    expect(edited.towns.map((t) => t.id)).toEqual(['laifeng', 'zhengxing', 'qinggang']);
    expect(byId(edited.towns, 'qinggang')?.linkedDistrictLeaderIds).toEqual(['dl-01', 'dl-03']);
    expect(byId(edited.districtLeaders, 'dl-03')?.linkedTownIds).toEqual(['zhengxing', 'qinggang']);
    expect(byId(edited.districtLeaders, 'dl-02')?.linkedTownIds).toEqual(['laifeng']);
  });

  it('refuses a town that exists or names an unknown leader, saying which field', () => {
    expect(
      refusal({
        type: 'createTown',
        town: { ...newTown, id: 'laifeng', linkedDistrictLeaderIds: ['dl-01'] },
      }),
    ).toEqual({
      code: 'already-exists',
      field: 'id',
      message: "a town with id 'laifeng' already exists",
    });
    expect(
      refusal({ type: 'createTown', town: { ...newTown, linkedDistrictLeaderIds: ['dl-01', 'dl-99'] } }),
    ).toEqual({
      code: 'invalid-reference',
      field: 'linkedDistrictLeaderIds.1',
      message: "no district leader with id 'dl-99'",
    });
  });

  it('changes only the fields an update sets', () => {
    const edited = applied({
      type: 'updateTown',
      id: 'zhengxing',
      changes: { name: '正兴镇人民政府', leaderIds: undefined },
    });
    expect(byId(edited.towns, 'zhengxing')).toEqual({
      ...byId(org.towns, 'zhengxing'),
      name: '正兴镇人民政府',
    });
    expect(refusal({ type: 'updateTown', id: 'nowhere', changes: { name: 'x' } })).toMatchObject({
      code: 'not-found',
      field: 'id',
    });
  });

  it('adds villages and courtyards only under places that exist', () => {
    const village = {
      id: 'xinhua',
      name: '新华村',
      kind: 'village',
      townId: 'laifeng',
      secretaryId: 'xh-sec',
      location: at,
    } as const;
    expect(applied({ type: 'createVillage', village }).villages.at(-1)).toEqual(village);
    expect(refusal({ type: 'createVillage', village: { ...village, townId: 'nowhere' } })).toEqual({
      code: 'invalid-reference',
      field: 'townId',
      message: "no town with id 'nowhere'",
    });
    expect(refusal({ type: 'createVillage', village: { ...village, id: 'dengfeng' } })).toMatchObject({
      code: 'already-exists',
    });

    const courtyard = {
      id: 'dengfeng-yard-02',
      name: '二号院坝',
      villageId: 'dengfeng',
      group: 2,
      cadreIds: ['c-3'],
    };
    expect(applied({ type: 'createCourtyard', courtyard }).courtyards.at(-1)).toEqual({
      ...courtyard,
      townId: 'laifeng',
    });
    expect(
      refusal({ type: 'createCourtyard', courtyard: { ...courtyard, villageId: 'nowhere' } }),
    ).toMatchObject({ field: 'villageId' });
  });

  it('moves a village to another town with its courtyards; a missing record is named before a missing reference', () => {
    const edited = applied({ type: 'updateVillage', id: 'dengfeng', changes: { townId: 'zhengxing' } });
    expect(byId(edited.courtyards, 'dengfeng-yard-01')?.townId).toBe('zhengxing');
    expect(refusal({ type: 'updateVillage', id: 'nowhere', changes: { townId: 'nowhere' } })).toMatchObject({
      code: 'not-found',
    });
    expect(refusal({ type: 'updateVillage', id: 'dengfeng', changes: { townId: 'nowhere' } })).toMatchObject({
      field: 'townId',
    });

    expect(
      byId(
        applied({ type: 'updateCourtyard', id: 'dengfeng-yard-01', changes: { villageId: 'shilong' } })
          .courtyards,
        'dengfeng-yard-01',
      ),
    ).toMatchObject({
      villageId: 'shilong',
      townId: 'zhengxing',
    });
    expect(
      refusal({ type: 'updateCourtyard', id: 'dengfeng-yard-01', changes: { villageId: 'nowhere' } }),
    ).toMatchObject({ field: 'villageId' });
  });

  it("puts a new department into exactly one leader's portfolio", () => {
    const department = {
      id: 'water',
      name: '区水利局',
      kind: 'government',
      dutyCategories: ['农村水价'],
      leaderIds: [],
      handlerIds: [],
    } as const;
    const edited = applied({
      type: 'createDepartment',
      department: { ...department, supervisingLeaderId: 'dl-03' },
    });
    expect(byId(edited.departments, 'water')?.supervisingLeaderId).toBe('dl-03');
    expect(byId(edited.districtLeaders, 'dl-03')?.departmentIds).toEqual(['water']);
    expect(
      refusal({ type: 'createDepartment', department: { ...department, supervisingLeaderId: 'dl-99' } }),
    ).toEqual({
      code: 'invalid-reference',
      field: 'supervisingLeaderId',
      message: "no district leader with id 'dl-99'",
    });
  });

  it("moves a department to another leader's portfolio when its supervising leader changes", () => {
    const edited = applied({
      type: 'updateDepartment',
      id: 'housing',
      changes: { supervisingLeaderId: 'dl-02', name: '区住房城乡建委' },
    });
    expect(byId(edited.departments, 'housing')).toMatchObject({
      name: '区住房城乡建委',
      supervisingLeaderId: 'dl-02',
    });
    expect(byId(edited.districtLeaders, 'dl-01')?.departmentIds).toEqual([]);
    expect(byId(edited.districtLeaders, 'dl-02')?.departmentIds).toEqual(['transport', 'housing']);
    expect(
      refusal({ type: 'updateDepartment', id: 'nowhere', changes: { supervisingLeaderId: 'dl-99' } }),
    ).toMatchObject({ code: 'not-found' });
  });

  it("takes departments into a leader's portfolio from others, and never leaves a department or a town unsupervised", () => {
    const edited = applied({
      type: 'updateDistrictLeader',
      id: 'dl-03',
      changes: { departmentIds: ['transport'] },
    });
    expect(byId(edited.districtLeaders, 'dl-02')?.departmentIds).toEqual([]);
    expect(byId(edited.departments, 'transport')?.supervisingLeaderId).toBe('dl-03');

    expect(refusal({ type: 'updateDistrictLeader', id: 'dl-02', changes: { departmentIds: [] } })).toEqual({
      code: 'invalid-reference',
      field: 'departmentIds',
      message:
        "department 'transport' would have no supervising leader; add it to another leader's portfolio instead",
    });
    expect(
      refusal({
        type: 'updateDistrictLeader',
        id: 'dl-01',
        changes: { departmentIds: ['housing', 'schools'] },
      }),
    ).toMatchObject({
      field: 'departmentIds.1',
    });
  });

  it('lets a leader drop a town only while another leader links it; the next in rank becomes its primary link', () => {
    const edited = applied({
      type: 'updateDistrictLeader',
      id: 'dl-01',
      changes: { linkedTownIds: ['zhengxing'], title: '区委副书记' },
    });
    expect(byId(edited.towns, 'laifeng')?.linkedDistrictLeaderIds).toEqual(['dl-02']);
    expect(byId(edited.districtLeaders, 'dl-01')).toMatchObject({
      title: '区委副书记',
      linkedTownIds: ['zhengxing'],
    });

    expect(refusal({ type: 'updateDistrictLeader', id: 'dl-03', changes: { linkedTownIds: [] } })).toEqual({
      code: 'invalid-reference',
      field: 'linkedTownIds',
      message: "town 'zhengxing' would have no linked district leader; link another leader first",
    });
    expect(
      refusal({
        type: 'updateDistrictLeader',
        id: 'dl-02',
        changes: { linkedTownIds: ['laifeng', 'zhengxing', 'x'] },
      }),
    ).toMatchObject({
      field: 'linkedTownIds.2',
      message: "no town with id 'x'",
    });
    expect(refusal({ type: 'updateDistrictLeader', id: 'dl-99', changes: {} })).toMatchObject({
      code: 'not-found',
    });
  });

  it('names the record each edit is about', () => {
    expect(editedRecord({ type: 'updateDistrictLeader', id: 'dl-01', changes: {} })).toEqual({
      kind: 'districtLeader',
      id: 'dl-01',
    });
    expect(editedRecord({ type: 'createTown', town: { ...newTown, linkedDistrictLeaderIds: [] } })).toEqual({
      kind: 'town',
      id: 'qinggang',
    });
  });
});
