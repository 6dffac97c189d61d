import type { Browser } from 'playwright-core';
import { publicReference } from '@bishan/domain';
import { choose, launchChromium, logIn, phone, screenshot } from './support/browser';
import { apiToken, getJson, postJson } from './support/api';
import { startConsoleStack, type ConsoleStack } from './support/console-stack';

const resident = { id: 'resident-dengfeng-1', role: 'resident' } as const;
const secretary = { id: 'dengfeng-secretary', role: 'village-secretary' } as const;

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

  it('tells a resident who repeats an open report that it repeats one, and shows the village the earlier case by its reference', async () => {
    const api = consoleStack.stack.service('case-api').url;
    const description = `登凤村路灯不亮 ${Date.now()}`;
    const first = await postJson<{ id: string }>(
      `${api}/cases`,
      {
        category: '线路整治',
        description,
        channel: 'onlineGroup',
        location: { townId: 'laifeng', villageId: 'dengfeng' },
        reporterIds: [resident.id],
      },
      await apiToken(api, resident),
    );
    expect(first.status).toBe(201);

    const { context, page } = await logIn(browser, webUrl, resident, phone);
    await choose(page, '问题类别', '线路整治');
    // The same words with other spacing and punctuation: the same report.
    await page.getByLabel('问题描述', { exact: true }).fill(`  ${description.replace(' ', '，')}！`);
    const answered = page.waitForResponse((r) => r.url().endsWith('/cases') && r.request().method() === 'POST');
    await page.getByTestId('raise-submit').click();
    const second = (await (await answered).json()) as { id: string; likelyDuplicateCount: number };
    expect(second.likelyDuplicateCount).toBe(1);
    // The notices speak of the case by the reference residents see, never by its internal id.
    await page.locator('.ant-message-notice', { hasText: `已提交,编号 ${publicReference(second.id)}` }).waitFor();
    await page.locator('.ant-message-notice', { hasText: '您已反映过相同的问题,尚未办结的件数: 1' }).waitFor();
    expect((await page.locator('.ant-message-notice').allInnerTexts()).join(' ')).not.toContain(second.id);
    await screenshot(page, 'resident-repeated-report');
    await context.close();

    // The village's secretary, opening the repeat, sees the earlier report linked by its reference.
    const village = await logIn(browser, webUrl, secretary);
    await village.page.goto(`${webUrl}/cases/${second.id}`);
    const duplicates = village.page.getByTestId('likely-duplicates');
    await duplicates.waitFor();
    expect(await duplicates.getByTestId('case-link').allInnerTexts()).toEqual([publicReference(first.body.id)]);
    expect(await duplicates.innerText()).toContain('共计 1');
    await screenshot(village.page, 'case-likely-duplicates');
    await duplicates.getByTestId('case-link').click();
    await village.page.waitForURL(`**/cases/${first.body.id}`);
    // The earlier case names the repeat in turn.
    await village.page.getByTestId('likely-duplicates').getByText(publicReference(second.id)).waitFor();
    await village.context.close();
  });
});
