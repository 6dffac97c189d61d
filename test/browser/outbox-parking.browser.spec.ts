import { ConfigResourceTypes } from 'kafkajs';
import type { Browser } from 'playwright-core';
import { loadConfig } from '@bishan/config';
import { createKafka } from '@bishan/messaging';
import { waitFor } from '@bishan/testing';
import { actors, getJson, postJson, tangledLinesCase, tokenFor } from '../e2e/bishan-actors';
import { launchChromium, logIn, screenshot } from './support/browser';
import { startConsoleStack, type ConsoleStack } from './support/console-stack';

type Overview = { outbox: { backlog: number; parked: { total: number; items: { eventId: string; key: string }[] } } };

/**
 * The ops page reports a message the broker keeps refusing (the stack's case topic shrunk to 3,000
 * bytes, a case raised too large for it) and an admin retries it from there.
 */
describe('parked outbox events on the ops page', () => {
  let consoleStack: ConsoleStack;
  let browser: Browser;

  beforeAll(async () => {
    [consoleStack, browser] = await Promise.all([
      startConsoleStack('outbox-parking', { env: { OUTBOX_PARK_AFTER_REFUSALS: '2', OUTBOX_POLL_INTERVAL_MS: '100' } }),
      launchChromium(),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await consoleStack?.stop();
  });

  const setMaxMessageBytes = async (bytes: number) => {
    const { stack } = consoleStack;
    const admin = createKafka({ ...loadConfig(stack.env).kafka, clientId: 'outbox-parking-browser' }).admin();
    await admin.connect();
    try {
      await admin.alterConfigs({
        validateOnly: false,
        resources: [{ type: ConfigResourceTypes.TOPIC, name: stack.topics.caseEvents, configEntries: [{ name: 'max.message.bytes', value: String(bytes) }] }],
      });
    } finally {
      await admin.disconnect();
    }
  };

  it('lists the parked event with its case and error, and puts it back in line', async () => {
    const api = consoleStack.caseApiUrl;
    const secretary = await tokenFor(api, actors.dengfengSecretary);
    const adminToken = await tokenFor(api, actors.admin);
    const overview = () => getJson<Overview>(`${api}/ops/overview`, adminToken);
    await waitFor(async () => ((await overview()).outbox.backlog === 0 ? true : undefined), { description: 'an empty outbox' });
    await setMaxMessageBytes(3_000);
    const large = await postJson(`${api}/cases`, { ...tangledLinesCase(), description: '线路杂乱'.repeat(900) }, secretary);
    expect(large.status).toBe(201);
    const largeId: string = large.body.id;
    let n = 0;
    const parked = await waitFor(
      async () => {
        expect((await postJson(`${api}/cases`, { ...tangledLinesCase(), description: `线路整治 ${n++}` }, secretary)).status).toBe(201);
        return (await overview()).outbox.parked.items.find((item) => item.key === largeId);
      },
      { description: 'the large case event parked', timeoutMs: 90_000, intervalMs: 500 },
    );

    const { context, page } = await logIn(browser, consoleStack.webUrl, actors.admin);
    await page.goto(`${consoleStack.webUrl}/ops`);
    const row = page.getByTestId('parked-events').locator(`[data-event-id="${parked.eventId}"]`);
    await row.waitFor({ timeout: 30_000 });
    const text = await row.innerText();
    expect(text).toContain('提出问题');
    // The refusal in Chinese; the broker's English text only on hover.
    expect(text).toContain('消息超过消息队列允许的大小');
    expect(text).not.toMatch(/max message size/i);
    expect(await row.getByTestId('parked-error').getAttribute('data-error')).toMatch(/max message size/i);
    expect(await row.locator(`a[href$="/cases/${largeId}"]`).count()).toBe(1);
    expect(await page.getByTestId('ops-parked-count').innerText()).toContain('1');
    await screenshot(page, 'ops-parked');

    await setMaxMessageBytes(1_048_588);
    await row.getByTestId('parked-retry').click();
    await waitFor(async () => ((await overview()).outbox.parked.total === 0 && (await overview()).outbox.backlog === 0 ? true : undefined), {
      description: 'the retried event published',
      timeoutMs: 60_000,
    });
    await page.getByRole('button', { name: /刷\s*新/ }).first().click();
    await waitFor(async () => ((await page.getByTestId('parked-events').count()) === 0 ? true : undefined), {
      description: 'the parked list gone from the page',
    });
    await context.close();
  });
});
