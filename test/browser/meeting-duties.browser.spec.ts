import type { Browser, Page } from 'playwright-core';
import { waitFor } from '@bishan/testing';
import { desktop, launchChromium, logIn, phone, screenshot } from './support/browser';
import { startConsoleStack, type ConsoleStack } from './support/console-stack';

const secretary = { id: 'dengfeng-secretary', role: 'village-secretary' } as const;
const townLeader = { id: 'laifeng-secretary', role: 'town-leader' } as const;

/** Picks an option of a labelled antd Select inside the page by typing it. */
async function pick(page: Page, scope: string, label: string, typed: string, option: string | RegExp = typed): Promise<void> {
  const field = page.locator(scope).getByLabel(label, { exact: true });
  await field.click();
  await field.fill(typed);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
}

const dutyRow = (page: Page, unit: string) => page.getByTestId('duties').locator('tbody tr', { hasText: unit });

describe('meeting duties and key households in the console, on the real stack', () => {
  let consoleStack: ConsoleStack;
  let browser: Browser;
  let webUrl: string;

  beforeAll(async () => {
    [consoleStack, browser] = await Promise.all([startConsoleStack('meeting-duties'), launchChromium()]);
    webUrl = consoleStack.webUrl;
  });

  afterAll(async () => {
    await browser?.close();
    await consoleStack?.stop();
  });

  it('registers a key household, meets in its residents’ group visiting it, and the tracker shows the duty done', async () => {
    const { context, page } = await logIn(browser, webUrl, secretary, desktop);
    await page.goto(`${webUrl}/duties`);
    await dutyRow(page, '登凤村 · 7组').waitFor();
    expect(await dutyRow(page, '登凤村 · 7组').locator('[data-status]').getAttribute('data-status')).toBe('due');

    // 四必到四必访: a household of group 7's courtyard.
    const form = page.locator('form#register-household');
    await pick(page, 'form#register-household', '院坝', '7组', '登凤村7组院坝');
    await form.getByLabel('户主', { exact: true }).fill('陈婆婆');
    await form.getByText('孤老户', { exact: true }).click();
    await form.getByText('低保户', { exact: true }).click();
    await page.getByTestId('register-household-submit').click();
    const household = page.getByTestId('households').locator('tbody tr', { hasText: '陈婆婆' });
    await household.waitFor();
    expect(await household.getByTestId('household-visited').innerText()).toBe('未走访');
    await screenshot(page, 'duties-1-tracker-and-household');

    // A meeting in group 7's courtyard, where the household is visited; then closed.
    await page.goto(`${webUrl}/meetings`);
    const open = page.locator('form#open-meeting');
    await open.waitFor();
    await pick(page, 'form#open-meeting', '院坝(村民小组)', '7组', '来凤街道 › 登凤村 › 登凤村7组院坝');
    await open.getByLabel('应邀户数', { exact: true }).fill('20');
    await page.getByTestId('open-meeting-submit').click();
    const panel = page.locator('[data-meeting-status="open"]').first();
    await panel.waitFor();
    const meetingId = (await panel.getAttribute('data-meeting-id'))!;
    await panel.getByTestId('household-visits').getByText('陈婆婆').click();
    await panel.getByTestId('household-visits-submit').click();
    await waitFor(async () => ((await panel.getByTestId('household-visits-submit').isDisabled()) ? true : undefined), {
      description: 'the visit saved',
    });
    await screenshot(page, 'duties-2-meeting-visit');
    const close = panel.locator(`form#close-${meetingId}`);
    await close.getByLabel('提出问题数', { exact: true }).fill('0');
    await close.getByLabel('现场解决数', { exact: true }).fill('0');
    await page.getByTestId(`close-${meetingId}-submit`).click();
    await page.locator(`[data-meeting-id="${meetingId}"][data-meeting-status="closed"]`).waitFor();

    await page.goto(`${webUrl}/duties`);
    await dutyRow(page, '登凤村 · 7组').locator('[data-status="done"]').waitFor();
    expect(await page.getByTestId('households').locator('tbody tr', { hasText: '陈婆婆' }).getByTestId('household-visited').innerText()).toBe('已走访');
    // Ten groups, one met, and the town leadership's duty in the village.
    expect(await page.getByTestId('duty-coverage-total').innerText()).toContain('9.1% (1/11)');
    expect(await page.getByTestId('household-coverage').locator('tbody tr', { hasText: '登凤村' }).innerText()).toContain('1/1');
    await screenshot(page, 'duties-3-done');

    await page.getByTestId('language-switch').click();
    await page.getByText('Meeting duty tracker').waitFor();
    await screenshot(page, 'duties-4-english');
    await context.close();
  });

  it("shows the town's coverage by level and town on the supervision page and the dashboard", async () => {
    const { context, page } = await logIn(browser, webUrl, townLeader, desktop);
    await page.goto(`${webUrl}/supervisor`);
    const card = page.getByTestId('duty-coverage');
    await card.getByTestId('duty-coverage-by-level').locator('tbody tr', { hasText: '村级' }).waitFor();
    expect(await card.getByTestId('duty-coverage-by-town').innerText()).toContain('来凤街道');
    expect(await card.getByTestId('duty-coverage-by-level').innerText()).toMatch(/镇街级[\s\S]*区级|区级[\s\S]*镇街级/);
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'duties-5-supervision');
    await page.goto(`${webUrl}/dashboard`);
    await page.getByTestId('duty-coverage').getByTestId('duty-coverage-by-town').waitFor();
    await screenshot(page, 'duties-6-dashboard');
    await context.close();

    const mobile = await logIn(browser, webUrl, secretary, phone);
    await mobile.page.goto(`${webUrl}/duties`);
    await dutyRow(mobile.page, '登凤村 · 7组').waitFor();
    await screenshot(mobile.page, 'duties-7-phone');
    await mobile.context.close();
  });
});
