import { startTestStack, waitFor, type ServiceProcess, type TestStack } from '@bishan/testing';
import { actors, bearer, getJson, postJson, tangledLinesCase, tokenFor, type Person } from './bishan-actors';

type Read = { status: string; availableActions: string[]; lastEventSeq?: number };
type LedgerPage = { items: { id: string; availableActions: string[] }[] };

/**
 * What a person may do on a case, as the API answers it beside the case and each ledger row (the
 * console's buttons), on the real stack: it follows the person and the case's state, and an action
 * the person's role may never take is refused by the same rules.
 */
describe('available actions', () => {
  let stack: TestStack;
  let api: ServiceProcess;
  let caseId: string;

  beforeAll(async () => {
    stack = await startTestStack({ label: 'actions', services: ['case-api', 'case-worker'] });
    api = stack.service('case-api');
  });

  afterAll(() => stack?.stop());

  const as = (person: Person) => tokenFor(api.url, person);
  const read = async (person: Person, minSeq = 0) =>
    getJson<Read>(`${api.url}/cases/${caseId}${minSeq ? `?minSeq=${minSeq}` : ''}`, await as(person));
  const ledgerRow = async (person: Person) =>
    (await getJson<LedgerPage>(`${api.url}/cases?limit=200`, await as(person))).items.find((i) => i.id === caseId);

  it('offers the claim to the department whose duty it is, not to the resident who reported it, and no more once claimed', async () => {
    const raised = await postJson(`${api.url}/cases`, tangledLinesCase(), await as(actors.dengfengSecretary));
    expect(raised.status).toBe(201);
    caseId = raised.body.id as string;
    // In the ledger: the town's triage may triage it; the resident who reported it may do nothing yet.
    const inLedger = await waitFor(
      async () => {
        const answer = await read(actors.laifengTriage);
        return answer.status === 'inLedger' ? answer : undefined;
      },
      { description: 'the raised case in the read model' },
    );
    expect(inLedger.availableActions).toEqual(['triageCase']);

    const triaged = await postJson(`${api.url}/cases/${caseId}/actions/triageCase`, { route: 'district' }, await as(actors.laifengTriage));
    expect(triaged.status).toBe(200);
    // Read at once with the triage's sequence: the read waits for the publication that brings the
    // case into the department's scope, rather than answering 404 while the read model is behind.
    const published = await read(actors.powerHandler, triaged.body.eventSeq as number);
    expect(published).toMatchObject({ status: 'published', availableActions: ['claimCase'] });
    expect((await ledgerRow(actors.powerHandler))?.availableActions).toEqual(['claimCase']);
    expect(await read(actors.resident)).toMatchObject({ status: 'published', availableActions: [] });
    expect((await read(actors.laifengTriage)).availableActions).toEqual([]);

    // A resident's role never claims: refused with the rule's code before the case is asked.
    const refused = await postJson(`${api.url}/cases/${caseId}/actions/claimCase`, {}, await as(actors.resident));
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({
      type: 'https://bishan.example/problems/forbidden',
      detail: expect.stringContaining("role 'resident' may not claimCase"),
    });

    const claimed = await postJson(`${api.url}/cases/${caseId}/actions/claimCase`, {}, await as(actors.powerHandler));
    expect(claimed.status).toBe(200);
    const after = await read(actors.powerHandler, claimed.body.eventSeq as number);
    expect(after.status).toBe('claimed');
    expect(after.availableActions).not.toContain('claimCase');
    expect(after.availableActions).toEqual(expect.arrayContaining(['submitHandlingPlan', 'transferCase', 'pauseClock', 'returnCase']));
    expect((await ledgerRow(actors.powerHandler))?.availableActions).toEqual(after.availableActions);
    expect((await read(actors.resident)).availableActions).toEqual([]);
  });

  it("offers no extension past the case's policy's maximum, and refuses one sent anyway", async () => {
    const act = async (type: string, person: Person, body: object) => {
      const answer = await postJson(`${api.url}/cases/${caseId}/actions/${type}`, body, await as(person));
      expect({ type, status: answer.status }).toEqual({ type, status: 200 });
      return answer.body.eventSeq as number;
    };
    let seq = await act('submitHandlingPlan', actors.powerHandler, {
      plan: '统一规整线路',
      responsibility: { unit: '璧山供电公司运维班', personName: '王强' },
    });
    // The pinned policy grants two extensions: one is offered until the second is approved.
    for (const reason of ['需协调通信公司', '雨季施工受阻']) {
      expect((await read(actors.powerHandler, seq)).availableActions).toContain('requestExtension');
      await act('requestExtension', actors.powerHandler, { workingDays: 2, reason });
      seq = await act('approveExtension', actors.districtLeader, { reason: '同意延期' });
    }
    const usedUp = await read(actors.powerHandler, seq);
    expect(usedUp.status).toBe('handling');
    expect(usedUp.availableActions).not.toContain('requestExtension');
    expect(usedUp.availableActions).toEqual(expect.arrayContaining(['reportResult', 'pauseClock']));
    expect((await ledgerRow(actors.powerHandler))?.availableActions).toEqual(usedUp.availableActions);

    const third = await postJson(`${api.url}/cases/${caseId}/actions/requestExtension`, { workingDays: 1, reason: '仍需时间' }, await as(actors.powerHandler));
    expect(third.status).toBe(409);
    expect(third.body).toMatchObject({
      type: 'https://bishan.example/problems/wrong-state',
      detail: expect.stringContaining('maximum of 2 extensions'),
    });
  });

  it('documents availableActions on the case and the ledger in the OpenAPI document', async () => {
    const response = await fetch(`${api.url}/docs/openapi.json`, { headers: bearer(await as(actors.admin)) });
    const openApi = (await response.json()) as {
      paths: Record<string, { get?: { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> } }>;
    };
    const schemaOf = (path: string) => JSON.stringify(openApi.paths[path]?.get?.responses?.['200']?.content?.['application/json']?.schema ?? {});
    expect(schemaOf('/cases/{id}')).toContain('"availableActions"');
    expect(schemaOf('/cases/{id}')).toContain('"claimCase"');
    expect(schemaOf('/cases')).toContain('"availableActions"');
  });
});
