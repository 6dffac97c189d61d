import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { personName } from '@bishan/db';
import { waitFor } from '@bishan/testing';
import { apiToken, getJson, postJson } from './support/api';
import { desktop, launchChromium, logIn, screenshot, screenshotDir } from './support/browser';
import { startConsoleStack, type ConsoleStack } from './support/console-stack';

const secretary = { id: 'dengfeng-secretary', role: 'village-secretary' } as const;
const triage = { id: 'laifeng-secretary', role: 'town-triage' } as const;
const townLeader = { id: 'laifeng-secretary', role: 'town-leader' } as const;
const admin = { id: 'admin', role: 'admin' } as const;

/** The Shanghai month now. */
const thisMonth = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
const inDays = (days: number) => new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

describe('对账销号 in the console, on the real stack', () => {
  let consoleStack: ConsoleStack;
  let browser: Browser;
  let webUrl: string;
  let api: string;

  beforeAll(async () => {
    [consoleStack, browser] = await Promise.all([startConsoleStack('ledger-review'), launchChromium()]);
    webUrl = consoleStack.webUrl;
    api = consoleStack.stack.service('case-api').url;
    const token = (person: { id: string; role: string }) => apiToken(api, person);
    const raise = async (body: object) => {
      const raised = await postJson<{ id: string }>(
        `${api}/cases`,
        {
          category: '道路保洁',
          description: `登凤村 ${Date.now()}`,
          complexity: 'simple',
          channel: 'meeting',
          location: { townId: 'laifeng', villageId: 'dengfeng', courtyardId: 'dengfeng-yard-07' },
          reporterIds: ['resident-dengfeng-1'],
          ...body,
        },
        await token(secretary),
      );
      expect(raised.status).toBe(201);
      return raised.body.id;
    };
    await raise({ description: '路灯坏了,现场已修好', resolvedOnSpot: { summary: '电工现场更换灯泡' } });
    const open = await raise({ description: '7组与三星村交界支路未纳入清洁范围' });
    await waitFor(async () => ((await fetch(`${api}/cases/${open}`, { headers: { authorization: `Bearer ${await token(secretary)}` } })).ok ? true : undefined), {
      description: 'the open case recorded',
    });
    expect((await postJson(`${api}/cases/${open}/actions/triageCase`, { route: 'village' }, await token(triage))).status).toBe(200);
    const started = await postJson<{ reviewId: string }>(`${api}/ledger-reviews`, { period: thisMonth(), unit: { kind: 'town', townId: 'laifeng' } }, await token(admin));
    expect(started.status).toBe(202);
    await waitFor(async () => ((await getJson<{ items: unknown[] }>(`${api}/ledger-reviews`, await token(townLeader))).items.length > 0 ? true : undefined), {
      description: 'the review sheet made',
    });
  });

  afterAll(async () => {
    await browser?.close();
    await consoleStack?.stop();
  });

  it('strikes off the closed item, carries over the open one, signs by name and exports the sheet', async () => {
    const { context, page } = await logIn(browser, webUrl, townLeader, desktop);
    await page.goto(`${webUrl}/ledger-reviews`);
    const sheet = page.getByTestId('review-sheet');
    await sheet.waitFor();
    expect(await sheet.getAttribute('data-status')).toBe('open');
    await screenshot(page, 'ledger-review-1-sheet');

    // A signature that is not the leader's registered name: the workflow's refusal, worded in Chinese
    // from its code, names the name to sign with; nothing is decided.
    await page.getByTestId('signature').fill('张三');
    const closed = page.getByTestId('review-closed').locator('tbody tr', { hasText: '电工现场更换灯泡' });
    await closed.getByTestId('result-checked').click();
    await closed.getByTestId('rating-checked').click();
    // (antd spaces out a two-character label, 销 号: found by its test id.)
    await closed.locator('[data-testid^="strike-off-"]').click();
    const problem = page.getByTestId('problem');
    await problem.getByText(`请签上您登记的姓名(${personName(townLeader.id)})`).waitFor();
    expect(await problem.innerText()).not.toMatch(/signature|organisation/);
    expect(await closed.locator('[data-decision]').count()).toBe(0);
    await screenshot(page, 'ledger-review-1b-wrong-signature');

    await page.getByTestId('signature').fill(personName(townLeader.id));
    await closed.locator('[data-testid^="strike-off-"]').click();
    await closed.locator('[data-decision="strikeOff"]').waitFor();

    const open = page.getByTestId('review-open').locator('tbody tr', { hasText: '交界支路' });
    await open.getByLabel('结转理由').fill('需与三星村协商清扫范围');
    const date = open.getByLabel('新的办结时限');
    await date.click();
    await date.fill(inDays(15));
    await date.press('Enter');
    await open.locator('[data-testid^="carry-over-"]').click();
    await open.locator('[data-decision="carryOver"]').waitFor();
    await screenshot(page, 'ledger-review-2-decided');

    await page.getByTestId('sign-off').click();
    await page.locator('[data-testid="review-sheet"][data-status="signedOff"]').waitFor();
    expect(await page.getByTestId('review-status').innerText()).toBe('已签字确认');
    await screenshot(page, 'ledger-review-3-signed');

    // The exports, saved beside the screenshots to be looked at.
    mkdirSync(screenshotDir, { recursive: true });
    for (const format of ['xlsx', 'pdf'] as const) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`export-${format}`).click()]);
      expect(download.suggestedFilename()).toBe(`对账销号表-来凤街道-${thisMonth()}.${format}`);
      await download.saveAs(path.join(screenshotDir, `ledger-review-sheet.${format}`));
    }

    await page.getByTestId('language-switch').click();
    await page.getByText('Ledger reviews (close-off)').waitFor();
    await screenshot(page, 'ledger-review-4-english');
    await context.close();
  });
});
