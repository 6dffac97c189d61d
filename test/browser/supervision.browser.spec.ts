import type { Browser, Page } from 'playwright-core';
import { actOnCase, apiToken, getJson, postJson } from './support/api';
import { choose, launchChromium, logIn, screenshot } from './support/browser';
import { startConsoleStack, type ConsoleStack } from './support/console-stack';

/**
 * The leaders' commands and the collected rating from the console, under the current policy: a
 * supervising district leader urges and instructs, the department acknowledges the instruction,
 * the village secretary records a rating collected by phone, and the administrator sees on the ops
 * page how long the holiday data lasts.
 */
describe('supervision from the console', () => {
  let consoleStack: ConsoleStack;
  let browser: Browser;
  const secretary = { id: 'dengfeng-secretary', role: 'village-secretary' };
  const triage = { id: 'laifeng-secretary', role: 'town-triage' };
  const handler = { id: 'power-supply-handler-1', role: 'department-handler' };
  const admin = { id: 'admin', role: 'admin' };

  beforeAll(async () => {
    consoleStack = await startConsoleStack('supervision', { env: { CASE_POLICY_VERSION: '2026.2' } });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await consoleStack?.stop();
  });

  const api = (path: string) => `${consoleStack.caseApiUrl}${path}`;
  const act = (id: string, action: string, body: object, person: { id: string; role: string }) =>
    actOnCase(consoleStack.caseApiUrl, id, action, body, person);

  async function openCase(page: Page, id: string): Promise<void> {
    await page.goto(`${consoleStack.webUrl}/cases/${encodeURIComponent(id)}`);
    await page.getByTestId('timeline-entry').first().waitFor();
  }

  async function submitAction(page: Page, testId: string, fill: (page: Page) => Promise<void>): Promise<void> {
    await page.getByTestId(testId).first().click();
    await fill(page);
    const modal = page.locator('.ant-modal-wrap:visible');
    await modal.getByTestId('modal-submit').click();
    // The dialog closes once the action is answered; one still open holds the reason (a field left
    // empty, a refusal), which a failure should show rather than a timeout further on.
    await modal.waitFor({ state: 'detached', timeout: 30_000 }).catch(async () => {
      await screenshot(page, `supervision-${testId}-still-open`);
      throw new Error(`${testId}: the dialog did not close: ${(await modal.innerText().catch(() => '')).replace(/\s+/g, ' ')}`);
    });
  }

  it('lets the supervising leader urge and instruct, the department acknowledge, and the village record a rating', async () => {
    const token = await apiToken(consoleStack.caseApiUrl, secretary);
    const raised = await postJson<{ id: string }>(
      api('/cases'),
      {
        category: '线路整治',
        description: '三星村交界处电线杂乱,存在安全隐患',
        complexity: 'simple',
        channel: 'meeting',
        location: { townId: 'laifeng', villageId: 'dengfeng', courtyardId: 'dengfeng-yard-01' },
        reporterIds: ['resident-dengfeng-1'],
      },
      token,
    );
    expect(raised.status).toBe(201);
    const id = raised.body.id;
    await act(id, 'triageCase', { route: 'district' }, triage);
    const claimed = await act(id, 'claimCase', {}, handler);
    const leaderId = claimed.view.supervision?.leaderIds[0];
    if (!leaderId) throw new Error('no supervising leader');
    const leader = { id: leaderId, role: 'district-leader' };

    // The supervising leader: 催办 and 批示 from the case page.
    const asLeader = await logIn(browser, consoleStack.webUrl, leader);
    await openCase(asLeader.page, id);
    await submitAction(asLeader.page, 'action-urgeCase', (page) => page.getByLabel('催办内容').fill('请本周内到现场核实'));
    await asLeader.page.locator('[data-event-type="caseUrged"]').waitFor();
    await submitAction(asLeader.page, 'action-instructCase', (page) => page.getByLabel('批示内容').fill('会同电信公司一并整治'));
    await asLeader.page.getByTestId('open-instructions').waitFor();
    const urgedText = await asLeader.page.locator('[data-event-type="caseUrged"]').innerText();
    expect(urgedText).toContain('催办:请本周内到现场核实');
    await screenshot(asLeader.page, 'supervision-leader-case');
    await asLeader.context.close();

    // The department signs for the instruction.
    const asHandler = await logIn(browser, consoleStack.webUrl, handler);
    await openCase(asHandler.page, id);
    await submitAction(asHandler.page, 'action-acknowledgeInstruction', (page) => page.locator('.ant-modal-wrap:visible textarea').fill('收到,已安排'));
    await asHandler.page.locator('[data-event-type="instructionAcknowledged"]').waitFor();
    expect(await asHandler.page.getByTestId('open-instructions').count()).toBe(0);
    await asHandler.context.close();

    // Result and feedback over the API; the village secretary records the phone call's rating.
    await act(id, 'submitHandlingPlan', { plan: '分段整治', responsibility: { unit: '供电所', personName: '何勇' } }, handler);
    await act(id, 'reportResult', { summary: '线路已规范' }, handler);
    await act(id, 'giveFeedback', { note: '院坝会上告知' }, secretary);
    const asSecretary = await logIn(browser, consoleStack.webUrl, secretary);
    await openCase(asSecretary.page, id);
    await submitAction(asSecretary.page, 'action-recordRating', async (page) => {
      await page.locator('.ant-modal-wrap:visible').getByText('满意', { exact: true }).click();
      await page.locator('.ant-modal-wrap:visible').getByText('电话回访', { exact: true }).click();
    });
    await asSecretary.page.locator('[data-event-type="ratingCollected"]').waitFor();
    expect(await asSecretary.page.locator('[data-event-type="ratingCollected"]').innerText()).toContain('电话回访');
    await screenshot(asSecretary.page, 'supervision-collected-rating');
    await asSecretary.context.close();

    const timeline = await getJson<{ type: string }[]>(api(`/cases/${id}/timeline`), await apiToken(consoleStack.caseApiUrl, admin));
    expect(timeline.map((e) => e.type)).toEqual(
      expect.arrayContaining(['caseUrged', 'instructionIssued', 'instructionAcknowledged', 'ratingCollected']),
    );
  });

  it('lets a top district leader assign an unclaimed case to a department (交办) and reassign it (改派)', async () => {
    const raised = await postJson<{ id: string }>(
      api('/cases'),
      {
        category: '线路整治',
        description: '登凤村五组电杆倾斜,无人认领',
        complexity: 'simple',
        channel: 'meeting',
        location: { townId: 'laifeng', villageId: 'dengfeng', courtyardId: 'dengfeng-yard-01' },
        reporterIds: ['resident-dengfeng-1'],
      },
      await apiToken(consoleStack.caseApiUrl, secretary),
    );
    expect(raised.status).toBe(201);
    const id = raised.body.id;
    await act(id, 'triageCase', { route: 'district' }, triage);
    // Nobody supervises an unclaimed case until its claim window escalates, except the top leaders.
    const asLeader = await logIn(browser, consoleStack.webUrl, { id: 'top-secretary', role: 'top-district-leader' });
    const pickDepartment = async (page: Page, name: string) => {
      const modal = page.locator('.ant-modal-wrap:visible');
      const field = modal.getByLabel('承办部门', { exact: true });
      await field.click();
      await field.fill(name.slice(0, 4));
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: name }).first().click();
      // Chosen, not merely typed: the select shows the department before the dialog is sent.
      await modal.locator('.ant-select-content-has-value', { hasText: name }).waitFor();
    };

    // 交办: the published case goes straight to the power company.
    await openCase(asLeader.page, id);
    await submitAction(asLeader.page, 'action-assignDepartment', async (page) => {
      await pickDepartment(page, '国网重庆璧山供电公司');
      await page.locator('.ant-modal-wrap:visible textarea').fill('职责明确,直接交办');
    });
    await asLeader.page.locator('[data-event-type="departmentAssigned"]').waitFor();
    expect(await asLeader.page.locator('[data-event-type="departmentAssigned"]').innerText()).toContain('国网重庆璧山供电公司');
    // The actions follow the case once its record shows the assignment: 改派 is offered then.
    await asLeader.page.getByTestId('action-reassignCase').first().waitFor({ timeout: 30_000 });

    // 改派: the case moves on to the telecom company, with the reason in the timeline.
    await submitAction(asLeader.page, 'action-reassignCase', async (page) => {
      await pickDepartment(page, '中国电信璧山分公司');
      await page.locator('.ant-modal-wrap:visible textarea').fill('实为通信线路');
    });
    await asLeader.page.locator('[data-event-type="caseReassigned"]').waitFor();
    const reassigned = await asLeader.page.locator('[data-event-type="caseReassigned"]').innerText();
    expect(reassigned).toContain('中国电信璧山分公司');
    expect(reassigned).toContain('实为通信线路');
    await screenshot(asLeader.page, 'supervision-assign-reassign');
    await asLeader.context.close();

    const stored = await getJson<{ view: { handler: { unitId?: string; departmentId?: string } | null } }>(
      api(`/cases/${id}`),
      await apiToken(consoleStack.caseApiUrl, admin),
    );
    expect(JSON.stringify(stored.view.handler)).toContain('china-telecom');
  });

  it('lets the leader an escalation reached acknowledge it from the case page', async () => {
    const resident = { id: 'resident-dengfeng-1', role: 'resident' };
    const raised = await postJson<{ id: string }>(
      api('/cases'),
      {
        category: '线路整治',
        description: '登凤村三组线路整改后仍然杂乱',
        complexity: 'simple',
        channel: 'meeting',
        location: { townId: 'laifeng', villageId: 'dengfeng', courtyardId: 'dengfeng-yard-01' },
        reporterIds: [resident.id],
      },
      await apiToken(consoleStack.caseApiUrl, secretary),
    );
    expect(raised.status).toBe(201);
    const id = raised.body.id;
    await act(id, 'triageCase', { route: 'district' }, triage);
    const claimed = await act(id, 'claimCase', {}, handler);
    const leaderId = claimed.view.supervision?.leaderIds[0];
    if (!leaderId) throw new Error('a claimed case has a supervising leader');
    await act(id, 'submitHandlingPlan', { plan: '分段整治', responsibility: { unit: '供电所', personName: '何勇' } }, handler);
    // Reopened twice by the resident's rating: the second reopening escalates to the supervising leader.
    for (let round = 0; round < 2; round++) {
      await act(id, 'reportResult', { summary: `第${round + 1}次整改完成` }, handler);
      await act(id, 'giveFeedback', { note: '已告知群众' }, secretary);
      await act(id, 'rateCase', { rating: 'dissatisfied' }, resident);
    }

    const asLeader = await logIn(browser, consoleStack.webUrl, { id: leaderId, role: 'district-leader' });
    await openCase(asLeader.page, id);
    await asLeader.page.locator('[data-event-type="caseEscalated"]').first().waitFor();
    await submitAction(asLeader.page, 'action-acknowledgeEscalation', (page) =>
      page.locator('.ant-modal-wrap:visible textarea').fill('已阅,请供电公司本周内复查'),
    );
    await asLeader.page.locator('[data-event-type="escalationAcknowledged"]').waitFor();
    expect(await asLeader.page.getByTestId('action-acknowledgeEscalation').count()).toBe(0);
    await screenshot(asLeader.page, 'supervision-escalation-acknowledged');
    await asLeader.context.close();

    const unseen = await getJson<{ items: { id: string }[] }>(
      api('/cases?escalationUnseen=true&limit=200'),
      await apiToken(consoleStack.caseApiUrl, admin),
    );
    expect(unseen.items.map((c) => c.id)).not.toContain(id);
  });

  it('lets the lead department give the village a joint task, the village report it done, and the lead then report the result', async () => {
    const raised = await postJson<{ id: string }>(
      api('/cases'),
      {
        category: '线路整治',
        description: '登凤村二组线路需入户整改',
        complexity: 'simple',
        channel: 'meeting',
        location: { townId: 'laifeng', villageId: 'dengfeng', courtyardId: 'dengfeng-yard-01' },
        reporterIds: ['resident-dengfeng-1'],
      },
      await apiToken(consoleStack.caseApiUrl, secretary),
    );
    expect(raised.status).toBe(201);
    const id = raised.body.id;
    await act(id, 'triageCase', { route: 'district' }, triage);
    await act(id, 'claimCase', {}, handler);
    await act(id, 'submitHandlingPlan', { plan: '入户整改', responsibility: { unit: '供电所', personName: '何勇' } }, handler);
    // Typed text is shown as text to the next person, never run.
    const hostile = '<img src=x onerror="window.__jointTaskXss=1">通知住户<script>window.__jointTaskXss=1</script>';

    const asHandler = await logIn(browser, consoleStack.webUrl, handler);
    await openCase(asHandler.page, id);
    await submitAction(asHandler.page, 'action-assignJointTask', async (page) => {
      await choose(page, '承担单位', '登凤', '村级 · 登凤村');
      await page.getByLabel('任务内容').fill(hostile);
      await page.getByLabel('责任人').fill('李华');
      await page.getByLabel('完成时限(工作日)').fill('2');
    });
    await asHandler.page.getByTestId('joint-tasks').waitFor();
    expect(await asHandler.page.getByTestId('joint-tasks').innerText()).toContain('登凤村');
    // The result waits for the task: the button is not offered while it is open.
    expect(await asHandler.page.getByTestId('action-reportResult').count()).toBe(0);
    await screenshot(asHandler.page, 'joint-task-given');

    const asSecretary = await logIn(browser, consoleStack.webUrl, secretary);
    await openCase(asSecretary.page, id);
    await asSecretary.page.getByTestId('action-completeJointTask').first().waitFor({ timeout: 30_000 });
    await submitAction(asSecretary.page, 'action-completeJointTask', (page) => page.getByLabel('办理结果').fill('已逐户通知,住户同意配合'));
    await asSecretary.page.getByTestId('joint-task-done').waitFor({ timeout: 30_000 });
    const table = await asSecretary.page.getByTestId('joint-tasks').innerText();
    expect(table).toContain('<script>');
    expect(table).toContain('已完成');
    const sentence = await asSecretary.page.locator('[data-event-type="jointTaskAssigned"]').innerText();
    expect(sentence).toContain('联合办理:交登凤村');
    expect(await asSecretary.page.evaluate(() => (globalThis as unknown as { __jointTaskXss?: number }).__jointTaskXss)).toBeUndefined();
    await screenshot(asSecretary.page, 'joint-task-done');
    await asSecretary.context.close();

    await asHandler.page.reload();
    await asHandler.page.getByTestId('action-reportResult').first().waitFor({ timeout: 30_000 });
    await submitAction(asHandler.page, 'action-reportResult', (page) => page.locator('.ant-modal-wrap:visible textarea').fill('线路已入户整改'));
    await asHandler.page.locator('[data-event-type="resultReported"]').waitFor();
    await asHandler.context.close();
  });

  it('shows the administrator on the ops page how long the holiday data lasts, with a warning while it runs out', async () => {
    const overview = await getJson<{ coverage: { runningOut: boolean; coveredThrough: string } }>(
      api('/calendar'),
      await apiToken(consoleStack.caseApiUrl, admin),
    );
    const asAdmin = await logIn(browser, consoleStack.webUrl, admin);
    await asAdmin.page.goto(`${consoleStack.webUrl}/ops`);
    await asAdmin.page.getByText(`数据覆盖至 ${overview.coverage.coveredThrough}`).waitFor();
    const card = await asAdmin.page.getByTestId('calendar-card').innerText();
    expect(card).toContain(`数据覆盖至 ${overview.coverage.coveredThrough}`);
    expect(await asAdmin.page.getByTestId('calendar-warning').count()).toBe(overview.coverage.runningOut ? 1 : 0);
    if (overview.coverage.runningOut) {
      expect(await asAdmin.page.getByTestId('calendar-warning').innerText()).toContain('请载入');
    }
    await screenshot(asAdmin.page, 'ops-calendar');
    await asAdmin.context.close();
  });
});
