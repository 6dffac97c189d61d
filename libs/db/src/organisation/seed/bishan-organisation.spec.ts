import { type Actor, type CaseCommand, type CaseState, departmentsCovering, execute, initialState } from '@bishan/domain';
import {
  bishanDirectory,
  bishanOrganisation,
  caseCategories,
  seedUsers,
  toDirectory,
} from '../index';
import { CADRE_COUNT } from './courtyards';

const org = bishanOrganisation();
const byId = <T extends { id: string }>(items: readonly T[], id: string): T => {
  const found = items.find((item) => item.id === id);
  if (!found) throw new Error(`no '${id}'`);
  return found;
};
const villageNamed = (name: string) => {
  const village = org.villages.find((v) => v.name === name);
  if (!village) throw new Error(`no village ${name}`);
  return village;
};

describe('the default organisation of 璧山区', () => {
  it('is the district with its seat and area', () => {
    expect(org.district).toEqual({
      id: 'bishan',
      name: '璧山区',
      seatTownId: 'bicheng',
      seat: { lat: 29.591, lon: 106.227 },
      areaKm2: 914,
    });
    expect(byId(org.towns, org.district.seatTownId).name).toBe('璧城街道');
  });

  it('has the report\'s counts', () => {
    expect(org.towns).toHaveLength(15);
    expect(org.villages).toHaveLength(191);
    expect(org.courtyards).toHaveLength(1_428);
    expect(org.districtLeaders).toHaveLength(34);
    expect(org.topDistrictLeaders.map((l) => l.title)).toEqual(['区委书记', '区委副书记、区长']);
    const cadres = new Set(org.courtyards.flatMap((c) => c.cadreIds));
    expect(cadres.size).toBe(CADRE_COUNT);
    expect(cadres.size).toBeGreaterThanOrEqual(3_200);
  });

  it('has the 15 real towns: 6 街道 and 9 镇', () => {
    const names = (kind: string) => org.towns.filter((t) => t.kind === kind).map((t) => t.name);
    expect(names('street')).toEqual(['璧城街道', '璧泉街道', '青杠街道', '来凤街道', '丁家街道', '大路街道']);
    expect(names('town')).toEqual(['大兴镇', '正兴镇', '八塘镇', '七塘镇', '河边镇', '福禄镇', '广普镇', '三合镇', '健龙镇']);
    expect(org.towns.map((t) => t.id)).toEqual([
      'bicheng', 'biquan', 'qinggang', 'laifeng', 'dingjia', 'dalu',
      'daxing', 'zhengxing', 'batang', 'qitang', 'hebian', 'fulu', 'guangpu', 'sanhe', 'jianlong',
    ]);
    for (const town of org.towns) {
      // Within ~25 km of the seat: inside a district of ~914 km².
      expect(Math.abs(town.location.lat - org.district.seat.lat)).toBeLessThan(0.25);
      expect(Math.abs(town.location.lon - org.district.seat.lon)).toBeLessThan(0.25);
    }
  });

  it('places the report\'s villages in their towns', () => {
    expect(villageNamed('登凤村')).toMatchObject({ id: 'dengfeng', townId: 'laifeng', kind: 'village' });
    expect(villageNamed('三星村')).toMatchObject({ id: 'sanxing', townId: 'laifeng', kind: 'village' });
    expect(villageNamed('石龙村')).toMatchObject({ id: 'shilong', townId: 'zhengxing', kind: 'village' });
    // The question list mentions group 7 of 登凤村.
    expect(org.courtyards.find((c) => c.villageId === 'dengfeng' && c.group === 7)).toBeDefined();
  });

  it('gives 街道 mostly 社区 and 镇 mostly 村, with unique realistic names', () => {
    for (const town of org.towns) {
      const own = org.villages.filter((v) => v.townId === town.id);
      const communities = own.filter((v) => v.kind === 'community').length;
      const villages = own.length - communities;
      if (town.kind === 'street') expect(communities).toBeGreaterThanOrEqual(villages);
      else expect(villages).toBeGreaterThan(communities);
      expect(own.length).toBeGreaterThan(0);
    }
    const names = org.villages.map((v) => v.name);
    expect(new Set(names).size).toBe(191);
    for (const v of org.villages) {
      expect(v.name).toMatch(v.kind === 'village' ? /^\p{Script=Han}{2}村$/u : /^\p{Script=Han}{2}社区$/u);
      expect(v.id).toMatch(/^[a-z]+$/);
      expect(v.secretaryId).toBe(`${v.id}-secretary`);
    }
  });

  it('spreads the courtyards over every village, each with 1–3 cadres', () => {
    const villageIds = new Set(org.villages.map((v) => v.id));
    const perVillage = new Map<string, number>();
    for (const c of org.courtyards) {
      expect(villageIds.has(c.villageId)).toBe(true);
      expect(byId(org.villages, c.villageId).townId).toBe(c.townId);
      expect(c.cadreIds.length).toBeGreaterThanOrEqual(1);
      expect(c.cadreIds.length).toBeLessThanOrEqual(3);
      expect(c.name).toMatch(/院坝$/);
      expect(c.name.startsWith(byId(org.villages, c.villageId).name)).toBe(true);
      perVillage.set(c.villageId, (perVillage.get(c.villageId) ?? 0) + 1);
    }
    expect(perVillage.size).toBe(191);
    expect(new Set(org.courtyards.map((c) => c.name)).size).toBe(1_428);
  });

  it('links every town to a district leader and every leader to a town', () => {
    for (const town of org.towns) expect(town.linkedDistrictLeaderIds.length).toBeGreaterThanOrEqual(1);
    for (const leader of org.districtLeaders) {
      expect(leader.linkedTownIds.length).toBeGreaterThanOrEqual(1);
      expect(leader.departmentIds.length).toBeGreaterThanOrEqual(1);
    }
    const linked = new Set(org.districtLeaders.flatMap((l) => l.linkedTownIds));
    expect([...linked].sort()).toEqual(org.towns.map((t) => t.id).sort());
  });

  it('puts every department in exactly one district leader\'s portfolio', () => {
    for (const department of org.departments) {
      const supervisors = org.districtLeaders.filter((l) => l.departmentIds.includes(department.id));
      expect(supervisors.map((l) => l.id)).toEqual([department.supervisingLeaderId]);
      expect(department.leaderIds.length).toBeGreaterThan(0);
      expect(department.handlerIds.length).toBeGreaterThan(0);
      expect(department.dutyCategories.length).toBeGreaterThan(0);
    }
  });

  it('covers every category, the report\'s included, and tangled lines by power and telecom', () => {
    const covered = new Set(org.departments.flatMap((d) => d.dutyCategories));
    expect([...covered].sort()).toEqual([...caseCategories].sort());
    expect(new Set(caseCategories).size).toBe(caseCategories.length);
    const reportCategories = ['村民自治', '邻里纠纷', '村容村貌', '线路整治', '乡村产业', '乡风文明', '农村水价', '房屋改造', '道路保洁'];
    const named = ['环境卫生', '道路市容', '危房改造', '农村公路', '农村供水', '低保', '养老', '矛盾调解', '法律援助', '治安',
      '环境污染', '卫生室', '学校', '就业', '养老保险', '食品安全', '价格', '安全隐患', '电力线路', '通信线路', '供水管道'];
    for (const category of [...reportCategories, ...named]) expect(caseCategories).toContain(category);
    const lines = org.departments.filter((d) => d.dutyCategories.includes('线路整治')).map((d) => d.id);
    expect(lines).toEqual(['power-supply', 'china-telecom', 'china-mobile', 'china-unicom']);
  });

  it('uses unique ids for every unit and every person', () => {
    const units = [
      org.district.id,
      ...org.towns.map((t) => t.id),
      ...org.villages.map((v) => v.id),
      ...org.courtyards.map((c) => c.id),
      ...org.departments.map((d) => d.id),
    ];
    expect(new Set(units).size).toBe(units.length);
    const users = seedUsers(org);
    const personIds = users.map((u) => u.id);
    expect(new Set(personIds).size).toBe(personIds.length);
    // Unit ids and person ids never meet either.
    expect(units.filter((id) => personIds.includes(id))).toEqual([]);
  });

  it('is the same on every call', () => {
    expect(bishanOrganisation()).toEqual(org);
    expect(seedUsers(bishanOrganisation())).toEqual(seedUsers(org));
    expect(bishanDirectory()).toBe(bishanDirectory());
    expect(bishanDirectory()).toEqual(toDirectory(org));
  });
});

describe('seed users', () => {
  const users = seedUsers(org);
  const user = (id: string) => byId(users, id);

  it('has one record per person, six residents and an admin', () => {
    const persons = new Set([
      ...org.topDistrictLeaders.map((l) => l.id),
      ...org.districtLeaders.map((l) => l.id),
      ...org.towns.flatMap((t) => [...t.leaderIds, ...t.triageMemberIds]),
      ...org.villages.map((v) => v.secretaryId),
      ...org.courtyards.flatMap((c) => c.cadreIds),
      ...org.departments.flatMap((d) => [...d.leaderIds, ...d.handlerIds]),
    ]);
    expect(users).toHaveLength(persons.size + 6 + 1);
    expect(users.filter((u) => u.roles.includes('resident')).map((u) => u.scope.villageId)).toEqual([
      'dengfeng', 'dengfeng', 'sanxing', 'sanxing', 'shilong', 'shilong',
    ]);
    expect(user('admin').roles).toEqual(['admin']);
    for (const u of users) expect(u.name).toMatch(/^\p{Script=Han}{2,3}$/u);
  });

  it('gives roles and scopes the case rules check', () => {
    expect(user('top-secretary')).toMatchObject({ roles: ['top-district-leader'] });
    expect(user('dl-09')).toMatchObject({ roles: ['district-leader'] });
    expect(user('laifeng-secretary')).toMatchObject({ roles: ['town-leader', 'town-triage'], scope: { townId: 'laifeng' } });
    expect(user('laifeng-deputy-secretary')).toMatchObject({ roles: ['town-triage'], scope: { townId: 'laifeng' } });
    expect(user('dengfeng-secretary')).toMatchObject({
      roles: ['village-secretary'],
      scope: { townId: 'laifeng', villageId: 'dengfeng' },
    });
    expect(user('power-supply-handler-1')).toMatchObject({
      roles: ['department-handler'],
      scope: { departmentId: 'power-supply' },
    });
    expect(user('cadre-0001')).toMatchObject({ roles: [] });
  });
});

describe('the domain accepts the default directory', () => {
  const directory = bishanDirectory();
  const users = seedUsers(org);
  const as = (id: string, role: Actor['role']): Actor => {
    const u = byId(users, id);
    expect(u.roles).toContain(role);
    return { id, role, name: u.name, ...u.scope };
  };

  it('maps towns and departments with every field filled', () => {
    expect(directory.towns).toHaveLength(15);
    expect(directory.topDistrictLeaderIds).toEqual(['top-secretary', 'top-mayor']);
    expect(directory.towns.find((t) => t.id === 'laifeng')).toEqual({
      id: 'laifeng',
      name: '来凤街道',
      leaderIds: ['laifeng-secretary', 'laifeng-head', 'laifeng-deputy-1', 'laifeng-deputy-2', 'laifeng-deputy-3'],
      triageMemberIds: [
        'laifeng-secretary',
        'laifeng-head',
        'laifeng-deputy-secretary',
        'laifeng-discipline-secretary',
        'laifeng-organisation-member',
      ],
      linkedDistrictLeaderId: 'dl-01',
    });
    const leaderIds = new Set(org.districtLeaders.map((l) => l.id));
    for (const d of directory.departments) expect(leaderIds.has(d.supervisingLeaderId)).toBe(true);
    for (const t of directory.towns) expect(leaderIds.has(t.linkedDistrictLeaderId)).toBe(true);
  });

  it('finds power and telecom for tangled lines, power first', () => {
    expect(departmentsCovering(directory, '线路整治').map((d) => d.id)).toEqual([
      'power-supply', 'china-mobile', 'china-telecom', 'china-unicom',
    ]);
    expect(departmentsCovering(directory, '房屋改造').map((d) => d.id)).toEqual(['housing']);
    expect(departmentsCovering(directory, '道路保洁')[0]?.id).toBe('urban-management');
  });

  it('drives a case from 登凤村 to the power company', () => {
    const now = '2025-03-03T02:00:00.000Z'; // Mon 3 Mar 2025, 10:00 in Shanghai
    const courtyard = org.courtyards.find((c) => c.villageId === 'dengfeng' && c.group === 7)!;
    const steps: CaseCommand[] = [
      {
        type: 'raiseCase',
        actor: as('dengfeng-secretary', 'village-secretary'),
        caseId: 'case-dengfeng-lines',
        category: '线路整治',
        description: '电线、网线安装不规范，线路“蜘蛛网”现象严重，能否规整安装？',
        complexity: 'general',
        channel: 'meeting',
        meetingId: 'meeting-dengfeng-1',
        location: { townId: 'laifeng', villageId: 'dengfeng', courtyardId: courtyard.id },
        reporterIds: ['resident-dengfeng-1'],
      },
      { type: 'triageCase', actor: as('laifeng-deputy-secretary', 'town-triage'), route: 'district' },
      {
        type: 'claimCase',
        actor: as('power-supply-handler-1', 'department-handler'),
        coHandlingDepartmentIds: ['china-telecom', 'china-mobile', 'china-unicom'],
      },
    ];
    let state: CaseState = initialState;
    const events = [];
    for (const command of steps) {
      const outcome = execute(state, command, { now, directory });
      if (!outcome.ok) throw new Error(`${command.type} rejected: ${outcome.reason}`);
      events.push(...outcome.events);
      state = outcome.state;
    }
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['caseRaised', 'casePublished', 'caseClaimed']));
    expect(events.find((e) => e.type === 'caseClaimed')).toMatchObject({
      leadDepartmentId: 'power-supply',
      coHandlingDepartmentIds: ['china-telecom', 'china-mobile', 'china-unicom'],
      supervision: { level: 'supervisingDistrictLeader', leaderIds: ['dl-09'] },
    });
    expect(state.status).toBe('claimed');
  });

  it('refuses a claim by a department whose duty list does not cover the category', () => {
    const now = '2025-03-03T02:00:00.000Z';
    let state: CaseState = initialState;
    for (const command of [
      {
        type: 'raiseCase',
        actor: as('shilong-secretary', 'village-secretary'),
        caseId: 'case-shilong-1',
        category: '农村水价',
        description: '农村水价偏高',
        complexity: 'simple',
        channel: 'meeting',
        location: { townId: 'zhengxing', villageId: 'shilong' },
        reporterIds: ['resident-shilong-1'],
      },
      { type: 'triageCase', actor: as('zhengxing-secretary', 'town-triage'), route: 'district' },
    ] satisfies CaseCommand[]) {
      const outcome = execute(state, command, { now, directory });
      if (!outcome.ok) throw new Error(outcome.reason);
      state = outcome.state;
    }
    const refused = execute(state, { type: 'claimCase', actor: as('power-supply-handler-1', 'department-handler') }, { now, directory });
    expect(refused.ok).toBe(false);
    const claimed = execute(state, { type: 'claimCase', actor: as('water-resources-handler-2', 'department-handler') }, { now, directory });
    expect(claimed.ok).toBe(true);
  });
});
