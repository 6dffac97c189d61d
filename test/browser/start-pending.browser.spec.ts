import type { Browser } from 'playwright-core';
import { publicReference } from '@bishan/domain';
import { engineAddresses, startTcpProxy, type TcpProxy } from '@bishan/testing';
import { choose, launchChromium, logIn, phone, screenshot } from './support/browser';
import { startConsoleStack, type ConsoleStack } from './support/console-stack';

const resident = { id: 'resident-dengfeng-1', role: 'resident' } as const;
const secretary = { id: 'dengfeng-secretary', role: 'village-secretary' } as const;
const admin = { id: 'admin', role: 'admin' } as const;

/**
 * Raising while Temporal is away, as the console shows it: the case API reaches Temporal through a
 * relay the suite cuts (the rest of the stack and the server go on), and the case worker is down, so
 * nothing starts the case until both are back.
 */
describe('a case raised while Temporal is away, in the console, on the real stack', () => {
  let temporalOfTheApi: TcpProxy;
  let consoleStack: ConsoleStack;
  let browser: Browser;

  beforeAll(async () => {
    temporalOfTheApi = await startTcpProxy(engineAddresses().temporal);
    [consoleStack, browser] = await Promise.all([
      startConsoleStack('start-pending', {
        serviceEnv: { 'case-api': { TEMPORAL_ADDRESS: temporalOfTheApi.address } },
      }),
      launchChromium(),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await consoleStack?.stop();
    await temporalOfTheApi?.close();
  });

  it('tells the resident it is recorded, shows the village that it waits to start, and starts it once Temporal is back', async () => {
    const { stack, webUrl } = consoleStack;
    const description = `登凤村7组路灯不亮 ${Date.now()}`;
    let caseId = '';
    await stack.killAndRestart(stack.service('case-worker'), {
      beforeRestart: async () => {
        temporalOfTheApi.cut();
        const asResident = await logIn(browser, webUrl, resident, phone);
        await choose(asResident.page, '问题类别', '线路整治');
        await asResident.page.getByLabel('问题描述', { exact: true }).fill(description);
        const [raised] = await Promise.all([
          asResident.page.waitForResponse(
            (r) => r.url().endsWith('/cases') && r.request().method() === 'POST',
          ),
          asResident.page.getByTestId('raise-submit').click(),
        ]);
        expect(raised.status()).toBe(201);
        const body = (await raised.json()) as { id: string; startPending: boolean };
        expect(body.startPending).toBe(true);
        caseId = body.id;
        await asResident.page
          .locator('.ant-message-notice', { hasText: `已提交,编号 ${publicReference(caseId)}` })
          .waitFor();
        await asResident.page
          .locator('.ant-message-notice', { hasText: '已登记,稍后自动转入办理' })
          .waitFor();
        await asResident.page.getByTestId('my-cases').locator(`[data-case-id="${caseId}"]`).waitFor();
        await screenshot(asResident.page, 'start-pending-1-resident');
        await asResident.context.close();

        const asSecretary = await logIn(browser, webUrl, secretary);
        await asSecretary.page.goto(`${webUrl}/cases/${encodeURIComponent(caseId)}`);
        const waiting = asSecretary.page.getByTestId('case-start-pending');
        await waiting.waitFor();
        expect(await waiting.innerText()).toContain('办理流程尚未启动');
        expect(await asSecretary.page.getByTestId('case-reference').innerText()).toContain(
          publicReference(caseId),
        );
        await screenshot(asSecretary.page, 'start-pending-2-waiting');
        await asSecretary.context.close();

        // The ops page counts and lists it, with why its start failed.
        const asAdmin = await logIn(browser, webUrl, admin);
        await asAdmin.page.goto(`${webUrl}/ops`);
        const row = asAdmin.page.getByTestId('starts-pending').locator(`[data-case-id="${caseId}"]`);
        await row.waitFor();
        expect(await row.innerText()).toContain(publicReference(caseId));
        expect(
          await asAdmin.page
            .getByTestId('ops-starts-pending-count')
            .locator('.ant-statistic-content')
            .innerText(),
        ).toBe('1');
        // And says why the workflow counts are missing.
        expect(await asAdmin.page.getByTestId('ops-temporal-unreachable').innerText()).toContain(
          '流程服务(Temporal)暂时无法连接',
        );
        await screenshot(asAdmin.page, 'start-pending-3-ops');
        await asAdmin.context.close();
        temporalOfTheApi.restore();
      },
    });

    // The worker's sweeper starts it; the page, refreshing by itself, no longer says it waits.
    const asSecretary = await logIn(browser, webUrl, secretary);
    await asSecretary.page.goto(`${webUrl}/cases/${encodeURIComponent(caseId)}`);
    // Loaded first (the alert is absent while the case loads), then the alert gone.
    await asSecretary.page.getByTestId('timeline-entry').first().waitFor();
    await asSecretary.page.getByTestId('case-start-pending').waitFor({ state: 'detached', timeout: 90_000 });
    expect((await stack.temporal.workflow.getHandle(caseId).describe()).status.name).toBe('RUNNING');
    await screenshot(asSecretary.page, 'start-pending-4-started');
    await asSecretary.context.close();
  });
});
