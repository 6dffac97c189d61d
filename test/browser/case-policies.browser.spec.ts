import type { Browser, Page } from 'playwright-core';
import { waitFor } from '@bishan/testing';
import { actors, getJson, postJson, tangledLinesCase, tokenFor } from '../e2e/bishan-actors';
import { chooseById, desktop, launchChromium, screenshot } from './support/browser';
import { startConsoleStack, type ConsoleStack } from './support/console-stack';

type Figures = { deadlinesMissed: number; resultsOnTime: number; resultsReported: number };
type RunAnswer = { run: { id: string; status: string; casesDone: number }; report: { total: { actual: Figures; simulated: Figures } } };

/**
 * Signs the administrator in through the development login. The admin role and the admin user share
 * the id "admin", so the user is picked by its option's title (name · title), never confused with the
 * role's option while that list is still closing.
 */
async function logInAsAdmin(browser: Browser, webUrl: string): Promise<Page> {
  const context = await browser.newContext({ viewport: desktop, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  await page.goto(webUrl);
  await chooseById(page, '角色', 'admin');
  const user = page.getByLabel('用户', { exact: true });
  await user.click();
  await user.fill('admin');
  const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option[data-id="admin"][title*="·"]');
  await option.waitFor();
  await option.click();
  await page.getByTestId('login-submit').click();
  await page.getByTestId('logout').waitFor();
  return page;
}

/**
 * An administrator in the console goes draft → what-if → publish on the real stack, new cases
 * pinning the published version in force: a wrong edit is refused next to its field in Chinese,
 * the diff names the field, the what-if runs in the case worker and shows its report, and after
 * publication a new case pins the new version while the case raised before keeps its own.
 */
describe('case policies in the console', () => {
  let consoleStack: ConsoleStack;
  let browser: Browser;
  const as = (person: { id: string; role: string }) => tokenFor(consoleStack.caseApiUrl, person);

  beforeAll(async () => {
    [consoleStack, browser] = await Promise.all([startConsoleStack('case-policies', { policyInForce: true, readyTimeoutMs: 240_000 }), launchChromium()]);
  });

  afterAll(async () => {
    await browser?.close();
    await consoleStack?.stop();
  });

  const raise = async () => {
    const raised = await postJson(`${consoleStack.caseApiUrl}/cases`, tangledLinesCase(), await as(actors.dengfengSecretary));
    expect(raised.status).toBe(201);
    return raised.body.id as string;
  };
  const policyOf = async (id: string) => (await getJson<{ policyVersion: string }>(`${consoleStack.caseApiUrl}/cases/${id}`, await as(actors.admin))).policyVersion;

  it('drafts, simulates and publishes a version; a case raised afterwards pins it, an older one keeps its own', async () => {
    const older = await raise();
    expect(await policyOf(older)).toBe('2026.2');

    const page = await logInAsAdmin(browser, consoleStack.webUrl);
    await page.goto(`${consoleStack.webUrl}/policies`);
    const versions = page.getByTestId('policy-versions');
    await versions.getByText('2026 年版:每一环节都有时限').waitFor();
    await page.getByTestId('policy-new-draft').click();
    const detail = page.getByTestId('policy-detail');
    await detail.waitFor();
    const title = await detail.locator('.ant-card-head-title').first().innerText();
    const version = /版本 (\S+)/.exec(title)?.[1] ?? '';
    expect(version).toMatch(/^\d{4}\.\d+$/);

    // A claim window of 0 days is refused next to the field, in Chinese; nothing is saved.
    const claim = page.locator('#claimWindowWorkingDays');
    await claim.fill('0');
    await page.getByTestId('policy-save').click();
    await page.getByTestId('policy-problems').getByText('认领时限:须在 1 至 400 之间').waitFor();
    await claim.fill('1');
    await page.getByTestId('policy-save').click();
    await page.getByText('草稿已保存').waitFor();

    await page.getByRole('tab', { name: '与现行版本对比' }).click();
    const diff = page.getByTestId('policy-diff');
    await diff.getByText('认领时限', { exact: true }).waitFor();
    expect(await diff.locator('tbody tr').count()).toBe(1);

    await page.getByRole('tab', { name: '模拟推演' }).click();
    await page.getByTestId('what-if-start').click();
    await waitFor(async () => ((await page.getByTestId('what-if-status').innerText()) === '已完成' ? true : undefined), {
      description: 'the what-if to complete',
      timeoutMs: 60_000,
      intervalMs: 500,
    });
    await page.getByTestId('what-if-chart').waitFor();
    // The page shows the report the case worker stored.
    const runs = await getJson<{ items: { id: string }[] }>(`${consoleStack.caseApiUrl}/admin/policies/${version}/what-ifs`, await as(actors.admin));
    const answer = await getJson<RunAnswer>(`${consoleStack.caseApiUrl}/admin/policies/${version}/what-ifs/${encodeURIComponent(runs.items[0]?.id ?? '')}`, await as(actors.admin));
    expect(answer.run).toMatchObject({ status: 'completed', casesDone: 1 });
    expect(await page.getByTestId('what-if-progress').innerText()).toBe('1 / 1 件');
    expect(await page.getByTestId('what-if-totals').innerText()).toContain(
      `超期: ${answer.report.total.actual.deadlinesMissed} → ${answer.report.total.simulated.deadlinesMissed}`,
    );
    await screenshot(page, 'case-policies-what-if');

    await page.getByRole('tab', { name: '发布' }).click();
    await page.getByTestId('policy-publish-name').fill('认领一日版');
    await page.getByTestId('policy-publish-reason').fill('认领时限缩短为一个工作日');
    await page.getByTestId('policy-publish').click();
    await page.locator('.ant-popconfirm .ant-btn-primary').click();
    await page.getByText('已发布', { exact: true }).first().waitFor();
    const row = versions.locator('tr', { hasText: '认领一日版' });
    await row.getByText('现行').waitFor();
    await screenshot(page, 'case-policies-published');

    const newer = await raise();
    expect(await policyOf(newer)).toBe(version);
    expect(await policyOf(older)).toBe('2026.2');
  });
});
