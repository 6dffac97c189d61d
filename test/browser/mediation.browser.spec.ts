import type { Browser } from 'playwright-core';
import { waitFor } from '@bishan/testing';
import { apiToken, getJson } from './support/api';
import { desktop, launchChromium, logIn, phone, screenshot } from './support/browser';
import { startConsoleStack, type ConsoleStack } from './support/console-stack';

const secretary = { id: 'dengfeng-secretary', role: 'village-secretary' } as const;
const townLeader = { id: 'laifeng-secretary', role: 'town-leader' } as const;
const hostile = '<img src=x onerror="window.__xss=1">李阿姨';

type Listed = { items: { id: string; outcome: string; parties: { name: string }[]; followUp?: { held: boolean } }[] };

describe('mediation records in the console, on the real stack', () => {
  let consoleStack: ConsoleStack;
  let browser: Browser;
  let webUrl: string;

  beforeAll(async () => {
    [consoleStack, browser] = await Promise.all([startConsoleStack('mediations'), launchChromium()]);
    webUrl = consoleStack.webUrl;
  });

  afterAll(async () => {
    await browser?.close();
    await consoleStack?.stop();
  });

  it('records a mediation with its agreement, follows it up, and counts it from the record', async () => {
    const { context, page } = await logIn(browser, webUrl, secretary, desktop);
    await page.goto(`${webUrl}/mediations`);
    const form = page.locator('form#record-mediation');
    await form.waitFor();

    // An agreement needs its text: the form says so at the field before anything is sent.
    await form.getByLabel('纠纷事由', { exact: true }).fill('宅基地边界排水沟堵塞,两户争执');
    await page.getByTestId('party-0').fill('张大爷');
    await page.getByTestId('party-1').fill(hostile);
    await form.getByLabel('调解员', { exact: true }).fill('王德明');
    await form.getByLabel('调解地点', { exact: true }).fill('7组白果树下');
    await page.getByTestId('record-mediation-submit').click();
    await form.locator('.ant-form-item', { has: page.getByLabel('协议内容', { exact: true }) }).locator('.ant-form-item-explain-error').waitFor();
    await screenshot(page, 'mediation-1-agreement-required');

    await form.getByLabel('协议内容', { exact: true }).fill('排水沟由两户共同疏通,费用各半');
    await page.getByTestId('record-mediation-submit').click();
    const row = page.getByTestId('mediations').locator('tbody tr', { hasText: '宅基地边界排水沟' });
    await row.waitFor();
    expect(await row.locator('[data-outcome]').getAttribute('data-outcome')).toBe('agreed');
    // The hostile party name is shown as text, never run.
    expect(await row.innerText()).toContain(hostile);
    expect(await row.locator('img').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as unknown as { __xss?: number }).__xss)).toBeUndefined();

    // This year's figures come from the reporting service, which counts the record.
    await waitFor(
      async () => {
        await page.reload();
        await page.getByTestId('mediation-count').waitFor();
        const count = (await page.getByTestId('mediation-count').locator('.ant-statistic-content').innerText()).trim();
        return count === '1' ? true : undefined;
      },
      { description: 'the mediation counted on the page', timeoutMs: 60_000, intervalMs: 2_000 },
    );
    expect((await page.getByTestId('mediation-success').locator('.ant-statistic-content').innerText()).trim()).toBe('100.00%');
    await screenshot(page, 'mediation-2-recorded');

    // The follow-up: the agreement held.
    await page.getByTestId('mediations').locator('tbody tr', { hasText: '宅基地边界排水沟' }).getByTestId('follow-up').click();
    // The dialog is open with its form before it is sent, and the sending is seen to reach the API
    // (in one CI run the follow-up was never posted and the test only timed out on the result).
    const dialog = page.locator('.ant-modal-wrap:visible');
    await dialog.locator('.ant-radio-wrapper-checked').waitFor();
    const [posted] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/follow-up') && r.request().method() === 'POST', { timeout: 30_000 }).catch(async () => {
        await screenshot(page, 'mediation-follow-up-not-sent');
        throw new Error(`the follow-up was not sent; the dialog shows: ${(await dialog.innerText().catch(() => '(closed)')).replace(/\s+/g, ' ')}`);
      }),
      page.getByTestId('follow-up-submit').click(),
    ]);
    expect(posted.status()).toBe(200);
    await page.getByTestId('follow-up-result').waitFor();
    expect(await page.getByTestId('follow-up-result').innerText()).toContain('已履行');
    await screenshot(page, 'mediation-3-followed-up');

    const token = await apiToken(consoleStack.stack.service('case-api').url, secretary);
    const listed = await getJson<Listed>(`${consoleStack.stack.service('case-api').url}/mediations`, token);
    expect(listed.items).toHaveLength(1);
    expect(listed.items[0]).toMatchObject({ outcome: 'agreed', followUp: { held: true } });
    expect(listed.items[0]?.parties.map((p) => p.name)).toEqual(['张大爷', hostile]);

    // English is a switch away.
    await page.getByTestId('language-switch').click();
    await page.getByText('Mediation records').waitFor();
    await screenshot(page, 'mediation-4-english');
    await context.close();
  });

  it('shows the town leader the village’s mediations, on a phone', async () => {
    const { context, page } = await logIn(browser, webUrl, townLeader, phone);
    await page.goto(`${webUrl}/mediations`);
    await page.getByTestId('mediations').locator('tbody tr', { hasText: '宅基地边界排水沟' }).waitFor();
    await screenshot(page, 'mediation-5-town-phone');
    await context.close();
  });
});
