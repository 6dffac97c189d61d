import type { Client } from '@temporalio/client';
import { startTestStack, waitFor, type ServiceProcess, type TestStack } from '@bishan/testing';
import { actors, getJson, postJson, tangledLinesCase, tokenFor } from './bishan-actors';

/**
 * Operators find cases in Temporal by what they are: each case workflow carries typed search
 * attributes, set from the recorded raise at its start and upserted as the case moves.
 */
describe('case search attributes on the real Temporal server', () => {
  let stack: TestStack;
  let api: ServiceProcess;
  let temporal: Client;

  beforeAll(async () => {
    // Two-second working days: a claimed case runs past its handling deadline within the test.
    stack = await startTestStack({
      label: 'search-attributes',
      services: ['case-api', 'case-worker'],
      env: { CASE_POLICY_VERSION: 'demo-compressed' },
    });
    api = stack.service('case-api');
    temporal = stack.temporal;
  });

  afterAll(() => stack?.stop());

  const as = (person: (typeof actors)[keyof typeof actors]) => tokenFor(api.url, person);
  /** The ids of the case workflows a list query finds, once visibility has caught up with `expected`. */
  const found = (query: string, expected: string) =>
    waitFor(
      async () => {
        const ids: string[] = [];
        for await (const execution of temporal.workflow.list({ query })) ids.push(execution.workflowId);
        return ids.includes(expected) ? ids : undefined;
      },
      { description: `workflow list --query '${query}' to find ${expected}`, timeoutMs: 30_000 },
    );

  it('finds a case by town and status from its start, and by handling department once claimed', async () => {
    const raised = await postJson(`${api.url}/cases`, tangledLinesCase(), await as(actors.dengfengSecretary));
    expect(raised.status).toBe(201);
    const id: string = raised.body.id;
    // Set by the starter from the recorded raise: searchable before the workflow ran a task.
    const atStart = (await temporal.workflow.getHandle(id).describe()).searchAttributes;
    expect(atStart).toMatchObject({ CaseStatus: ['inLedger'], CaseTown: ['laifeng'], CaseEscalationLevel: [0], CaseOverdue: [false] });
    await found(`CaseTown = 'laifeng' AND CaseStatus = 'inLedger'`, id);

    expect((await postJson(`${api.url}/cases/${id}/actions/triageCase`, { route: 'district' }, await as(actors.laifengTriage))).status).toBe(200);
    expect((await postJson(`${api.url}/cases/${id}/actions/claimCase`, {}, await as(actors.powerHandler))).status).toBe(200);
    const claimed = await found(`CaseHandlingDepartment = 'power-supply' AND CaseStatus = 'claimed'`, id);
    expect(claimed).toContain(id);
    // No longer where it was: the status moved on.
    const inLedger: string[] = [];
    for await (const execution of temporal.workflow.list({ query: `CaseStatus = 'inLedger' AND CaseTown = 'laifeng'` }))
      inLedger.push(execution.workflowId);
    expect(inLedger).not.toContain(id);
  });

  it('shows a case resolved on the spot as closed, though its run upserts nothing', async () => {
    const body = { ...tangledLinesCase(), resolvedOnSpot: { summary: '当场协调供电所理线' } };
    const raised = await postJson(`${api.url}/cases`, body, await as(actors.dengfengSecretary));
    expect(raised.status).toBe(201);
    const id: string = raised.body.id;
    await found(`CaseStatus = 'closed' AND CaseTown = 'laifeng'`, id);
    const history = await temporal.workflow.getHandle(id).fetchHistory();
    expect((history.events ?? []).filter((e) => e.upsertWorkflowSearchAttributesEventAttributes)).toEqual([]);
  });

  it('offers the ops page ready-made searches, counting the overdue cases by department', async () => {
    type Search = { search: string; query: string; count: number | null; departmentId: string | null };
    const raised = await postJson(`${api.url}/cases`, tangledLinesCase(), await as(actors.dengfengSecretary));
    const id: string = raised.body.id;
    await postJson(`${api.url}/cases/${id}/actions/triageCase`, { route: 'district' }, await as(actors.laifengTriage));
    await postJson(`${api.url}/cases/${id}/actions/claimCase`, {}, await as(actors.powerHandler));
    const searches = async () => (await getJson<{ caseSearches: Search[] }>(`${api.url}/ops/overview`, await as(actors.admin))).caseSearches;
    const first = await searches();
    expect(first.map((s) => s.search).slice(0, 2)).toEqual(['stuckInTriage', 'escalatedToTopLeaders']);
    const power = first.find((s) => s.search === 'overdueInDepartment' && s.departmentId === 'power-supply');
    expect(power?.query).toMatch(/^TaskQueue = '[^']+' AND CaseOverdue = true AND CaseHandlingDepartment = 'power-supply' AND ExecutionStatus = 'Running'$/);
    // Counted by the server's visibility: numbers, not the null of a query it refused.
    for (const search of first) expect([search.search, typeof search.count]).toEqual([search.search, 'number']);

    // Once the claimed case runs past its handling deadline, it counts for its department, and the
    // department's query finds it.
    const overdue = await waitFor(
      async () => {
        const now = (await searches()).find((s) => s.search === 'overdueInDepartment' && s.departmentId === 'power-supply');
        return now && (now.count ?? 0) > 0 ? now : undefined;
      },
      { description: 'the overdue case counted for power-supply', timeoutMs: 90_000, intervalMs: 1_000 },
    );
    await found(overdue.query, id);
    const others = (await searches()).filter((s) => s.search === 'overdueInDepartment' && s.departmentId !== 'power-supply');
    expect(others.filter((s) => s.count !== 0)).toEqual([]);
  });
});
