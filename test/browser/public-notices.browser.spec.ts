import type { Browser } from 'playwright-core';
import { waitFor } from '@bishan/testing';
import { apiToken, getJson, postJson } from './support/api';
import { desktop, launchChromium, logIn, phone, screenshot } from './support/browser';
import { startConsoleStack, type ConsoleStack } from './support/console-stack';

const secretary = { id: 'dengfeng-secretary', role: 'village-secretary' } as const;
const triage = { id: 'laifeng-secretary', role: 'town-triage' } as const;
const resident = { id: 'resident-dengfeng-1', role: 'resident' } as const;
const otherResident = { id: 'resident-sanxing-1', role: 'resident' } as const;

/**
 * 结果公开 in the console: what the residents' group was told of their village's cases shows on the
 * resident's page and on the village secretary's ledger, in plain Chinese, without staff names,
 * ids or internal notes; another village's resident sees none of it.
 */
describe('public notices in the console, on the real stack', () => {
  let consoleStack: ConsoleStack;
  let browser: Browser;
  let webUrl: string;
  const internalNote = '内部备注:村里先别声张';

  beforeAll(async () => {
    [consoleStack, browser] = await Promise.all([startConsoleStack('public-notices'), launchChromium()]);
    webUrl = consoleStack.webUrl;
    const api = consoleStack.stack.service('case-api').url;
    const notification = consoleStack.stack.service('notification').url;
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
          reporterIds: [resident.id],
          ...body,
        },
        await token(secretary),
      );
      expect(raised.status).toBe(201);
      return raised.body.id;
    };
    await raise({ description: '路灯坏了,现场已修好', resolvedOnSpot: { summary: '电工现场更换灯泡' } });
    const open = await raise({ description: '7组支路未纳入清洁范围' });
    await waitFor(async () => ((await fetch(`${api}/cases/${open}`, { headers: { authorization: `Bearer ${await token(secretary)}` } })).ok ? true : undefined), {
      description: 'the open case recorded',
    });
    expect((await postJson(`${api}/cases/${open}/actions/triageCase`, { route: 'village', note: internalNote }, await token(triage))).status).toBe(200);
    await waitFor(
      async () => ((await getJson<{ items: unknown[] }>(`${notification}/public-notices`, await token(resident))).items.length >= 2 ? true : undefined),
      { description: 'two public notices written', timeoutMs: 60_000 },
    );
  });

  afterAll(async () => {
    await browser?.close();
    await consoleStack?.stop();
  });

  it("shows the village's notices to its resident, in plain words and without staff names or notes", async () => {
    const { context, page } = await logIn(browser, webUrl, resident, phone);
    await page.goto(`${webUrl}/resident`);
    const notices = page.getByTestId('public-notices');
    await notices.locator('[data-testid="public-notice"][data-kind="triage"]').waitFor();
    await notices.locator('[data-testid="public-notice"][data-kind="result"]').waitFor();
    const text = await notices.innerText();
    expect(text).toContain('研判结果');
    expect(text).toContain('交由登凤村办理');
    expect(text).toContain('办理结果');
    expect(text).toContain('电工现场更换灯泡');
    for (const secret of [internalNote, 'laifeng-secretary', 'dengfeng-secretary', secretary.id]) expect({ secret, shown: text.includes(secret) }).toEqual({ secret, shown: false });
    await notices.scrollIntoViewIfNeeded();
    await screenshot(page, 'public-notices-1-resident');
    await context.close();
  });

  it("shows them on the village secretary's ledger, and not to another village's resident", async () => {
    const { context, page } = await logIn(browser, webUrl, secretary, desktop);
    await page.goto(`${webUrl}/local`);
    await page.getByTestId('public-notices').locator('[data-testid="public-notice"]').nth(1).waitFor();
    await screenshot(page, 'public-notices-2-village-secretary');
    await context.close();

    const other = await logIn(browser, webUrl, otherResident, phone);
    await other.page.goto(`${webUrl}/resident`);
    const list = other.page.getByTestId('public-notices');
    await list.waitFor();
    await other.page.getByText('暂无数据').first().waitFor();
    expect(await list.locator('[data-testid="public-notice"]').count()).toBe(0);
    await other.context.close();
  });
});
