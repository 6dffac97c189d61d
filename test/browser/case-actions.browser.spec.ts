import type { Browser, Page } from 'playwright-core';
import { actOnCase, apiToken, getJson, postJson } from './support/api';
import { choose, launchChromium, logIn, screenshot } from './support/browser';
import { startConsoleStack, type ConsoleStack } from './support/console-stack';

type Person = { id: string; role: string };

/**
 * The case page offers exactly the actions the API lists for the signed-in person (the domain's
 * availableActions): the lead department and the supervising leader see different buttons on the
 * same case, and the department pauses and resumes the clock with them; the buttons read in
 * Chinese, and in English after the switch.
 */
describe('case actions in the console', () => {
  let consoleStack: ConsoleStack;
  let browser: Browser;
  const secretary = { id: 'dengfeng-secretary', role: 'village-secretary' };
  const triage = { id: 'laifeng-secretary', role: 'town-triage' };
  const handler = { id: 'power-supply-handler-1', role: 'department-handler' };

  beforeAll(async () => {
    consoleStack = await startConsoleStack('case-actions', { env: { CASE_POLICY_VERSION: '2026.2' } });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await consoleStack?.stop();
  });

  const api = (path: string) => `${consoleStack.caseApiUrl}${path}`;
  const act = (id: string, action: string, body: object, person: { id: string; role: string }) =>
    actOnCase(consoleStack.caseApiUrl, id, action, body, person);
  const offeredByApi = async (id: string, person: Person) =>
    (await getJson<{ availableActions: string[] }>(api(`/cases/${id}`), await apiToken(consoleStack.caseApiUrl, person))).availableActions;

  /** The actions whose buttons the page shows (a button's test id names its action). */
  async function shownActions(page: Page): Promise<string[]> {
    const ids = await page.getByTestId('case-actions').locator('[data-testid]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-testid') ?? ''));
    const action = (testId: string) =>
      testId.startsWith('triage-') ? 'triageCase' : testId.startsWith('rate-') ? 'rateCase' : testId.replace(/^action-/, '').replace(/-co$/, '');
    return [...new Set(ids.map(action))];
  }

  async function openCase(page: Page, id: string, waitForTestId: string): Promise<void> {
    await page.goto(`${consoleStack.webUrl}/cases/${encodeURIComponent(id)}`);
    await page.getByTestId('timeline-entry').first().waitFor();
    await page.getByTestId(waitForTestId).first().waitFor();
  }

  it('shows the department and the supervising leader each their own buttons, exactly those the API lists', async () => {
    const raised = await postJson<{ id: string }>(
      api('/cases'),
      {
        category: '线路整治',
        description: '村口变压器旁电线低垂,雨天有漏电风险',
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
    const claimed = await act(id, 'claimCase', {}, handler);
    const leaderId = claimed.view.supervision?.leaderIds[0];
    if (!leaderId) throw new Error('no supervising leader');
    const leader = { id: leaderId, role: 'district-leader' };

    // The lead department: plan, transfer, return, extension, pause, joint tasks — no leader's commands.
    const asHandler = await logIn(browser, consoleStack.webUrl, handler);
    await openCase(asHandler.page, id, 'action-submitHandlingPlan');
    const handlerOffered = await offeredByApi(id, handler);
    expect(handlerOffered).toEqual(['returnCase', 'transferCase', 'submitHandlingPlan', 'requestExtension', 'pauseClock', 'assignJointTask']);
    expect(await shownActions(asHandler.page)).toEqual(handlerOffered);
    // antd spaces out a two-character label (退 回); the words are read without spaces.
    const labels = (await asHandler.page.getByTestId('case-actions').innerText()).replace(/\s+/g, '');
    for (const word of ['转办', '退回', '提交办理方案', '申请延期', '暂停计时', '交办联合任务']) expect(labels).toContain(word);
    await screenshot(asHandler.page, 'case-actions-department');

    // Pause from the button: the clock stops, and the department may resume it.
    await asHandler.page.getByTestId('action-pauseClock').click();
    const modal = asHandler.page.locator('.ant-modal-wrap:visible');
    // Typed and picked with the keyboard: a click into a list still opening can be lost under load.
    await choose(asHandler.page, '暂停原因', '施工季节', '等待施工季节');
    // Chosen, not merely picked at: the select shows the reason before the dialog is sent.
    await modal.locator('.ant-select-content-has-value', { hasText: '等待施工季节' }).waitFor();
    await modal.getByTestId('modal-submit').click();
    // A dialog still open holds the reason (a field left empty, a refusal): show it rather than a bare timeout.
    await modal.waitFor({ state: 'detached', timeout: 30_000 }).catch(async () => {
      await screenshot(asHandler.page, 'case-actions-pause-still-open');
      throw new Error(`the pause dialog did not close: ${(await modal.innerText().catch(() => '')).replace(/\s+/g, ' ')}`);
    });
    await asHandler.page.getByTestId('action-resumeClock').waitFor();
    // Paused: no pause, return or transfer while the clock stands; the plan may still come in.
    const pausedOffered = await offeredByApi(id, handler);
    expect(pausedOffered).toEqual(['submitHandlingPlan', 'resumeClock']);
    expect(await shownActions(asHandler.page)).toEqual(pausedOffered);
    await screenshot(asHandler.page, 'case-actions-department-paused');
    await asHandler.page.getByTestId('action-resumeClock').click();
    await asHandler.page.getByTestId('action-pauseClock').waitFor();
    expect(await shownActions(asHandler.page)).toEqual(handlerOffered);

    // In English after the switch.
    await asHandler.page.getByTestId('language-switch').click();
    await asHandler.page.getByTestId('case-actions').getByText('Transfer', { exact: true }).waitFor();
    await asHandler.context.close();

    // The supervising leader on the same case: reassign, urge, instruct — none of the department's.
    const asLeader = await logIn(browser, consoleStack.webUrl, leader);
    await openCase(asLeader.page, id, 'action-urgeCase');
    const leaderOffered = await offeredByApi(id, leader);
    expect(leaderOffered).toEqual(['reassignCase', 'urgeCase', 'instructCase']);
    expect(await shownActions(asLeader.page)).toEqual(leaderOffered);
    await screenshot(asLeader.page, 'case-actions-leader');
    await asLeader.context.close();
  });
});
