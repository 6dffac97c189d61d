import { readFileSync } from 'node:fs';
import { startTestStack, waitFor, type ServiceProcess, type TestStack } from '@bishan/testing';
import { actors, bearer, getJson, postJson, tangledLinesCase, tokenFor, type Person } from './bishan-actors';

type Summary = {
  revision: number;
  counts: { towns: number; villages: number; courtyards: number; departments: number; districtLeaders: number };
  categories: string[];
};
type Department = { id: string; dutyCategories: string[]; supervisingLeaderId: string };
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Answer = { status: number; body: any; contentType: string | null };

const housingHandler = { id: 'housing-handler-1', role: 'department-handler' } as const;
/** Not on any seeded duty list: only the edit below puts it on housing's. */
const NEW_CATEGORY = '加装电梯';

/**
 * The organisation lives in tables seeded with Bishan's shape; admins edit it over HTTP, others are
 * refused with nothing changed, bad references are named, and an edit reaches the rules.
 */
describe('organisation administration', () => {
  let stack: TestStack;
  let api: ServiceProcess;

  beforeAll(async () => {
    stack = await startTestStack({ label: 'orgadmin', services: ['case-api', 'case-worker'] });
    api = stack.service('case-api');
  });

  afterAll(() => stack?.stop());

  const as = (person: Person) => tokenFor(api.url, person);
  const send = async (method: 'PATCH' | 'POST', path: string, body: unknown, person: Person): Promise<Answer> => {
    const response = await fetch(`${api.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...bearer(await as(person)) },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: await response.json(), contentType: response.headers.get('content-type') };
  };
  const summary = async () => getJson<Summary>(`${api.url}/admin/organisation`, await as(actors.admin));
  const housing = async () => getJson<Department>(`${api.url}/admin/organisation/departments/housing`, await as(actors.admin));

  /** Raises a case of `category` in 登凤村 and routes it to the district's claim pool. */
  const publishedCase = async (category: string): Promise<string> => {
    const raised = await postJson(
      `${api.url}/cases`,
      { ...tangledLinesCase(), category, description: '老旧小区没有电梯,老人上下楼困难' },
      await as(actors.dengfengSecretary),
    );
    expect(raised.status).toBe(201);
    const caseId = raised.body.id as string;
    const triaged = await postJson(`${api.url}/cases/${caseId}/actions/triageCase`, { route: 'district' }, await as(actors.laifengTriage));
    expect(triaged.status).toBe(200);
    await waitFor(
      async () => {
        const response = await fetch(`${api.url}/cases/${caseId}`, { headers: bearer(await as(actors.admin)) });
        return response.status === 200 && ((await response.json()) as { status: string }).status === 'published' ? true : undefined;
      },
      { description: `case ${caseId} published in the read model` },
    );
    return caseId;
  };

  it("serves the seeded organisation in Bishan's shape to the admin", async () => {
    const seeded = await summary();
    expect(seeded.counts).toMatchObject({ towns: 15, villages: 191, courtyards: 1_428, districtLeaders: 34 });
    expect(seeded.categories).not.toContain(NEW_CATEGORY);

    const laifengVillages = await getJson<{ items: { id: string }[]; total: number }>(
      `${api.url}/admin/organisation/villages?townId=laifeng&limit=500`,
      await as(actors.admin),
    );
    expect(laifengVillages.items.map((v) => v.id)).toEqual(expect.arrayContaining(['dengfeng', 'sanxing']));
    expect(laifengVillages.total).toBe(15);
    const leader = await getJson<{ linkedTownIds: string[]; departmentIds: string[] }>(
      `${api.url}/admin/organisation/district-leaders/dl-09`,
      await as(actors.admin),
    );
    expect(leader.departmentIds).toContain('power-supply');
  });

  it('refuses everyone but the admin, and changes nothing', async () => {
    const before = await summary();
    const housingBefore = await housing();
    for (const person of [housingHandler, actors.dengfengSecretary, actors.laifengTriage, actors.resident]) {
      const edit = await send('PATCH', '/admin/organisation/departments/housing', { dutyCategories: [NEW_CATEGORY] }, person);
      expect(edit.status).toBe(403);
      expect(edit.contentType).toContain('application/problem+json');
      const read = await fetch(`${api.url}/admin/organisation/towns`, { headers: bearer(await as(person)) });
      expect(read.status).toBe(403);
    }
    expect(await housing()).toEqual(housingBefore);
    expect((await summary()).revision).toBe(before.revision);
  });

  it('refuses references to nothing, naming the field, and changes nothing', async () => {
    const before = await summary();
    const cases: { method: 'PATCH' | 'POST'; path: string; body: unknown; status: number; field: string }[] = [
      {
        method: 'POST',
        path: '/admin/organisation/villages',
        body: { id: 'xinhua', name: '新华村', kind: 'village', townId: 'nowhere', secretaryId: 'xinhua-secretary', location: { lat: 29.5, lon: 106.2 } },
        status: 422,
        field: 'body.townId',
      },
      {
        method: 'PATCH',
        path: '/admin/organisation/district-leaders/dl-14',
        body: { departmentIds: ['transport', 'no-such-department'] },
        status: 422,
        field: 'body.departmentIds.1',
      },
      {
        method: 'PATCH',
        path: '/admin/organisation/district-leaders/dl-14',
        body: { linkedTownIds: ['atlantis'] },
        status: 422,
        field: 'body.linkedTownIds.0',
      },
      {
        method: 'PATCH',
        path: '/admin/organisation/departments/housing',
        body: { supervisingLeaderId: 'dl-99' },
        status: 422,
        field: 'body.supervisingLeaderId',
      },
      {
        method: 'POST',
        path: '/admin/organisation/courtyards',
        body: { id: 'nowhere-yard-01', name: '无名院坝', villageId: 'nowhere', group: 1, cadreIds: ['cadre-9999'] },
        status: 422,
        field: 'body.villageId',
      },
      // dl-33 is the only supervisor of the bus company: dropping it would leave it unsupervised.
      { method: 'PATCH', path: '/admin/organisation/district-leaders/dl-33', body: { departmentIds: [] }, status: 422, field: 'body.departmentIds' },
      { method: 'PATCH', path: '/admin/organisation/departments/no-such', body: { name: '无' }, status: 404, field: 'path.id' },
      { method: 'POST', path: '/admin/organisation/towns', body: { id: 'laifeng', name: '来凤街道', kind: 'street', location: { lat: 29.5, lon: 106.1 }, leaderIds: [], triageMemberIds: [], linkedDistrictLeaderIds: ['dl-01'] }, status: 409, field: 'body.id' },
      // Schema errors come first: an unknown field and an empty duty list are 400s.
      { method: 'PATCH', path: '/admin/organisation/departments/housing', body: { dutyCategories: [], colour: 'red' }, status: 400, field: 'body' },
    ];
    for (const attempt of cases) {
      const answer = await send(attempt.method, attempt.path, attempt.body, actors.admin);
      expect({ path: attempt.path, status: answer.status }).toEqual({ path: attempt.path, status: attempt.status });
      expect(answer.contentType).toContain('application/problem+json');
      const fields = (answer.body.errors as { field: string }[]).map((e) => e.field);
      expect(fields.some((f) => f === attempt.field || f.startsWith(`${attempt.field}.`))).toBe(true);
      // A refusal of the organisation's rules names its code (one per status) beside the field.
      const refusalCode = { 404: 'not-found', 409: 'already-exists', 422: 'invalid-reference' }[attempt.status as 404 | 409 | 422];
      if (refusalCode) expect((answer.body.errors as { code?: string }[])[0]?.code).toBe(refusalCode);
    }
    const after = await summary();
    expect(after.revision).toBe(before.revision);
    expect(after.counts).toEqual(before.counts);
  });

  it('lets a department claim a category once it is on its duty list', async () => {
    // Before the edit nobody's duty list has the category: a case of it is refused, naming the field.
    const refused = await postJson(
      `${api.url}/cases`,
      { ...tangledLinesCase(), category: NEW_CATEGORY },
      await as(actors.dengfengSecretary),
    );
    expect(refused.status).toBe(422);
    expect((refused.body.errors as { field: string }[]).map((e) => e.field)).toContain('body.category');

    const current = await housing();
    const edited = await send(
      'PATCH',
      '/admin/organisation/departments/housing',
      { dutyCategories: [...current.dutyCategories, NEW_CATEGORY] },
      actors.admin,
    );
    expect(edited.status).toBe(200);
    expect(edited.body.dutyCategories).toEqual([...current.dutyCategories, NEW_CATEGORY]);
    expect((await summary()).categories).toContain(NEW_CATEGORY);

    // A case raised after the edit is judged by the edited duty list: housing sees it and claims it.
    const after = await publishedCase(NEW_CATEGORY);
    const pool = await getJson<{ items: { id: string }[] }>(`${api.url}/cases?status=published&limit=200`, await as(housingHandler));
    expect(pool.items.map((i) => i.id)).toContain(after);
    const claimed = await postJson(`${api.url}/cases/${after}/actions/claimCase`, {}, await as(housingHandler));
    expect(claimed.status).toBe(200);
    await waitFor(
      async () => {
        const view = await getJson<{ status: string; handlerUnitId: string }>(`${api.url}/cases/${after}`, await as(housingHandler));
        return view.status === 'claimed' ? view : undefined;
      },
      { description: 'the claimed case in the read model' },
    );
    // The 311 service list follows the duty lists too.
    const services = await getJson<{ service_code: string }[]>(`${api.url}/open311/v2/services.json`);
    expect(services.map((s) => s.service_code)).toContain(NEW_CATEGORY);
    // So does the public summary client programs fill their pickers from, without a token.
    const published = await getJson<{ towns: unknown[]; categories: string[]; departments: { id: string; dutyCategories: string[] }[] }>(
      `${api.url}/organisation`,
    );
    expect(published.towns).toHaveLength(15);
    expect(published.categories).toContain(NEW_CATEGORY);
    expect(published.departments.find((d) => d.id === 'housing')?.dutyCategories).toContain(NEW_CATEGORY);

    // The edit is in the log with the admin's id.
    const audit = readFileSync(api.logFile, 'utf8')
      .split('\n')
      .filter((line) => line.includes('organisation.edit') && line.includes('updateDepartment') && line.includes('applied'));
    expect(audit.length).toBeGreaterThan(0);
    // The log line may itself be JSON, with the audit record escaped inside it.
    expect(audit.join('\n')).toMatch(/adminId\\?":\\?"admin\\?"/);
  });

  it('adds a village whose secretary can then log in and raise cases there', async () => {
    const created = await send(
      'POST',
      '/admin/organisation/villages',
      { id: 'xinhua', name: '新华村', kind: 'village', townId: 'laifeng', secretaryId: 'xinhua-secretary', location: { lat: 29.51, lon: 106.17 } },
      actors.admin,
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'xinhua', townId: 'laifeng' });
    expect((await summary()).counts.villages).toBe(192);

    const secretary = { id: 'xinhua-secretary', role: 'village-secretary' };
    const raised = await postJson(
      `${api.url}/cases`,
      { ...tangledLinesCase(), location: { townId: 'laifeng', villageId: 'xinhua' }, reporterIds: ['resident-xinhua-1'] },
      await as(secretary),
    );
    expect(raised.status).toBe(201);
  });
});
