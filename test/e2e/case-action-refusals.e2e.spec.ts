import { startTestStack, type ServiceProcess, type TestStack } from '@bishan/testing';
import { actors, getJson, postJson, tangledLinesCase, tokenFor } from './bishan-actors';

/**
 * A case action the rules refuse for what one of its fields says answers that field with the rule it
 * broke, as a code with parameters (which the console words in Chinese next to the field), and
 * changes nothing.
 */
describe('a refused case action names its field and rule', () => {
  let stack: TestStack;
  let api: ServiceProcess;

  beforeAll(async () => {
    stack = await startTestStack({ label: 'action-refusals', services: ['case-api', 'case-worker'] });
    api = stack.service('case-api');
  });

  afterAll(() => stack?.stop());

  const as = (person: (typeof actors)[keyof typeof actors]) => tokenFor(api.url, person);

  it('answers a transfer to a department that does not exist with the field, the rule and its value', async () => {
    const raised = await postJson(`${api.url}/cases`, tangledLinesCase(), await as(actors.dengfengSecretary));
    const id: string = raised.body.id;
    expect((await postJson(`${api.url}/cases/${id}/actions/triageCase`, { route: 'district' }, await as(actors.laifengTriage))).status).toBe(200);
    const claimed = await postJson(`${api.url}/cases/${id}/actions/claimCase`, {}, await as(actors.powerHandler));
    expect(claimed.status).toBe(200);

    const refused = await postJson(
      `${api.url}/cases/${id}/actions/transferCase`,
      { toDepartmentId: 'no-such-department', reason: '<script>alert(1)</script>不属本单位职责' },
      await as(actors.powerHandler),
    );
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      type: 'https://bishan.example/problems/invalid',
      errors: [{ field: 'body.toDepartmentId', code: 'unknown', params: { value: 'no-such-department' } }],
    });
    // Nothing happened: the case is where the claim left it.
    const timeline = await getJson<{ type: string }[]>(`${api.url}/cases/${id}/timeline`, await as(actors.admin));
    expect(timeline.map((e) => e.type)).not.toContain('caseTransferred');
    expect((await getJson<{ status: string }>(`${api.url}/cases/${id}?minSeq=${claimed.body.eventSeq}`, await as(actors.admin))).status).toBe('claimed');
  });
});
