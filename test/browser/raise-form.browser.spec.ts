import type { Browser } from 'playwright-core';
import { launchChromium, logIn, phone, screenshot } from './support/browser';
import { apiToken, getJson } from './support/api';
import { startConsoleStack, type ConsoleStack } from './support/console-stack';

const resident = { id: 'resident-dengfeng-1', role: 'resident' } as const;

type LedgerAnswer = { items: { id: string; townId: string; villageId: string; courtyardId: string | null }[] };

describe('a resident raises an issue in the console, on the real stack', () => {
  let consoleStack: ConsoleStack;
  let browser: Browser;
  let webUrl: string;

  beforeAll(async () => {
    [consoleStack, browser] = await Promise.all([startConsoleStack('raise-form'), launchChromium()]);
    webUrl = consoleStack.webUrl;
  });

  afterAll(async () => {
    await browser?.close();
    await consoleStack?.stop();
  });

  it('shows the rule a field broke in Chinese, and picks the courtyard by its name', async () => {
    const { context, page } = await logIn(browser, webUrl, resident, phone);
    const description = `7组院坝旁排水沟堵塞 ${Date.now()}`;
    await page.getByLabel('问题类别', { exact: true }).click();
    await page.getByLabel('问题类别', { exact: true }).fill('线路整治');
    await page.keyboard.press('Enter');

    // Blanks pass the form's own check; the domain refuses them, and its code comes back worded in Chinese.
    await page.getByLabel('问题描述', { exact: true }).fill('   ');
    const raised = page.waitForResponse((r) => r.url().endsWith('/cases') && r.request().method() === 'POST');
    await page.getByTestId('raise-submit').click();
    expect((await raised).status()).toBe(422);
    const descriptionError = page.locator('.ant-form-item', { has: page.getByLabel('问题描述', { exact: true }) }).locator('.ant-form-item-explain-error');
    await descriptionError.waitFor();
    expect(await descriptionError.innerText()).toBe('必填');
    await screenshot(page, 'resident-field-error');

    // The courtyard is offered by name, town › village › courtyard; the form sends its id.
    const courtyard = page.getByLabel('院坝', { exact: true });
    await courtyard.click();
    await courtyard.fill('7组');
    const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '来凤街道 › 登凤村 › 登凤村7组院坝' }).first();
    await option.waitFor();
    const offered = await page.locator('.ant-select-dropdown:visible .ant-select-item-option').allInnerTexts();
    expect(offered.every((text) => !/dengfeng|yard/.test(text))).toBe(true);
    await screenshot(page, 'resident-courtyard-picker');
    await option.click();
    await page.getByLabel('问题描述', { exact: true }).fill(description);
    await page.getByTestId('raise-submit').click();
    const card = page.getByTestId('my-cases').locator('[data-case-id]', { hasText: description });
    await card.waitFor();
    const caseId = (await card.getAttribute('data-case-id'))!;

    const api = consoleStack.stack.service('case-api').url;
    const ledger = await getJson<LedgerAnswer>(`${api}/cases?sort=-raisedAt&limit=100`, await apiToken(api, resident));
    expect(ledger.items.find((row) => row.id === caseId)).toMatchObject({ townId: 'laifeng', villageId: 'dengfeng', courtyardId: 'dengfeng-yard-07' });
    await context.close();
  });
});
