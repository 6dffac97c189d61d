import { startTestStack, waitFor, type ServiceProcess, type TestStack } from '@bishan/testing';
import { actors, bearer, getJson, postJson, tangledLinesCase, tokenFor } from './bishan-actors';

type LedgerPage = { items: { id: string }[]; total: number };
const housingHandler = { id: 'housing-handler-1', role: 'department-handler' } as const;

/** A department that co-handles a case reads it with the lead department; an unrelated one cannot. */
describe('co-handling departments read the cases they co-handle', () => {
  let stack: TestStack;
  let api: ServiceProcess;
  let caseId: string;

  beforeAll(async () => {
    stack = await startTestStack({ label: 'cohandle', services: ['case-api', 'case-worker'] });
    api = stack.service('case-api');
  });

  afterAll(() => stack?.stop());

  const as = (person: { id: string; role: string }) => tokenFor(api.url, person);
  const getCase = async (person: { id: string; role: string }) =>
    fetch(`${api.url}/cases/${caseId}`, { headers: bearer(await as(person)) });
  const ledgerIds = async (person: { id: string; role: string }) =>
    (await getJson<LedgerPage>(`${api.url}/cases?limit=200`, await as(person))).items.map((i) => i.id);

  it('lets the co-handler in once the claim names it, and keeps others out', async () => {
    const raised = await postJson(
      `${api.url}/cases`,
      { ...tangledLinesCase(), category: '环境卫生', description: '院坝旁垃圾堆放,房屋外墙也有裂缝' },
      await as(actors.dengfengSecretary),
    );
    expect(raised.status).toBe(201);
    caseId = raised.body.id;
    const triaged = await postJson(
      `${api.url}/cases/${caseId}/actions/triageCase`,
      { route: 'district' },
      await as(actors.laifengTriage),
    );
    expect(triaged.status).toBe(200);
    await waitFor(async () => ((await getCase(actors.umHandler)).status === 200 ? true : undefined), {
      description: 'the published case in the read model',
    });
    // Published but not yet claimed: housing has no duty for 环境卫生, so it does not see it yet.
    expect((await getCase(housingHandler)).status).toBe(404);

    const claimed = await postJson(
      `${api.url}/cases/${caseId}/actions/claimCase`,
      { coHandlingDepartmentIds: ['housing'] },
      await as(actors.umHandler),
    );
    expect(claimed.status).toBe(200);

    const read = await waitFor(
      async () => {
        const response = await getCase(housingHandler);
        return response.status === 200 ? ((await response.json()) as Record<string, unknown>) : undefined;
      },
      { description: 'the co-handling department reading the case' },
    );
    expect(read).toMatchObject({
      id: caseId,
      status: 'claimed',
      handlerUnitId: 'urban-management',
      coHandlerIds: ['housing'],
    });
    expect(await ledgerIds(housingHandler)).toContain(caseId);
    const timeline = await fetch(`${api.url}/cases/${caseId}/timeline`, {
      headers: bearer(await as(housingHandler)),
    });
    expect(timeline.status).toBe(200);

    // The power company neither leads, co-handles nor could claim it.
    const unrelated = await getCase(actors.powerHandler);
    expect(unrelated.status).toBe(404);
    expect(unrelated.headers.get('content-type')).toContain('application/problem+json');
    expect(await ledgerIds(actors.powerHandler)).not.toContain(caseId);
    // The lead department still sees it, as before.
    expect(await ledgerIds(actors.umHandler)).toContain(caseId);
  });

  it('drops the co-handler when the lead department returns the case', async () => {
    const returned = await postJson(
      `${api.url}/cases/${caseId}/actions/returnCase`,
      { reason: '需要镇街先行协调' },
      await as(actors.umHandler),
    );
    expect(returned.status).toBe(200);
    await waitFor(async () => ((await getCase(housingHandler)).status === 404 ? true : undefined), {
      description: 'the returned case out of the co-handler’s scope',
    });
    expect(await ledgerIds(housingHandler)).not.toContain(caseId);
  });
});
