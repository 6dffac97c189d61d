import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { createDatabase } from '@bishan/db';
import { freePort, waitFor } from '@bishan/testing';
import { defaultPeriod } from '../../services/web/src/api/kpi-query';
import { actors, bearer, getJson, postJson, tangledLinesCase, tokenFor } from '../e2e/bishan-actors';
import { choose, launchChromium, logIn, screenshot } from './support/browser';
import { startConsoleStack, type ConsoleStack } from './support/console-stack';

type Letter = { id: string; value: string; headers: Record<string, string> };
type KpiAnswer = { rows: { figures: { casesRaised: number; resolvedOnSpot: number; casesResolved: number } }[] };

const kpiText = async (page: Page, key: string) =>
  (await page.getByTestId(`kpi-${key}`).locator('.ant-statistic-content').innerText()).trim();

describe('the dashboard and the ops page on the real stack', () => {
  let consoleStack: ConsoleStack;
  let browser: Browser;
  let webUrl: string;
  const api = () => `${webUrl}/api/case`;
  // Tokens from the case API itself: the console does not serve its development login.
  const as = (person: { id: string; role: string }) => tokenFor(consoleStack.caseApiUrl, person);

  beforeAll(async () => {
    [consoleStack, browser] = await Promise.all([
      // Deliveries give up after two quick attempts, so a dead letter appears within seconds.
      startConsoleStack('ops-dashboard', {
        env: {
          NOTIFY_DELIVERY_MAX_ATTEMPTS: '2',
          NOTIFY_DELIVERY_BACKOFF_MS: '200',
          NOTIFY_DISPATCH_INTERVAL_MS: '100',
          // The town's robot is a closed port on loopback over http: allowed by this test switch only.
          NOTIFY_WEBHOOK_ALLOW_LOOPBACK: 'true',
        },
      }),
      launchChromium(),
    ]);
    webUrl = consoleStack.webUrl;
  });

  afterAll(async () => {
    await browser?.close();
    await consoleStack?.stop();
  });

  /** Raised by the village secretary; published to the district claim pool by the town when asked. */
  async function raiseCase(body: object, publish: boolean): Promise<string> {
    const raised = await postJson(`${api()}/cases`, { ...tangledLinesCase(), ...body }, await as(actors.dengfengSecretary));
    expect(raised.status).toBe(201);
    const id: string = raised.body.id;
    if (publish) {
      const triaged = await postJson(`${api()}/cases/${id}/actions/triageCase`, { route: 'district' }, await as(actors.laifengTriage));
      expect(triaged.status).toBe(200);
    }
    return id;
  }

  it('shows the KPIs of the reporting service, exports them, and lists a failing activity and a dead letter it replays', async () => {
    const admin = await logIn(browser, webUrl, actors.admin);
    const { page } = admin;
    await page.goto(`${webUrl}/dashboard`);
    const before = await waitFor(async () => ((await kpiText(page, 'casesRaised')) === '—' ? undefined : { raised: Number(await kpiText(page, 'casesRaised')), onSpot: Number(await kpiText(page, 'resolvedOnSpot')), closed: Number(await kpiText(page, 'closed')) }), {
      description: 'the dashboard figures',
    });

    // A case resolved at the meeting closes at once: raised, resolved on the spot and resolved.
    await raiseCase({ description: `院坝会现场解决 ${Date.now()}`, resolvedOnSpot: { summary: '现场协调已解决' } }, false);
    await waitFor(
      async () => {
        await page.reload();
        await page.getByTestId('kpi-policy').waitFor();
        return Number(await kpiText(page, 'casesRaised')) === before.raised + 1 && Number(await kpiText(page, 'closed')) === before.closed + 1 ? true : undefined;
      },
      { description: 'the dashboard to count the closed case', timeoutMs: 30_000, intervalMs: 1000 },
    );
    expect(Number(await kpiText(page, 'resolvedOnSpot'))).toBe(before.onSpot + 1);
    expect(await kpiText(page, 'onSiteResolutionRate')).toMatch(/^\d+\.\d%$/);
    // The cards are the reporting service's figures for the default period, not a browser-side count.
    const { from, to } = defaultPeriod(new Date());
    const served = await getJson<KpiAnswer>(
      `${webUrl}/api/reporting/reports/kpis?from=${from}&to=${to}&granularity=range`,
      await as(actors.admin),
    );
    expect(served.rows[0]?.figures).toMatchObject({
      casesRaised: Number(await kpiText(page, 'casesRaised')),
      resolvedOnSpot: Number(await kpiText(page, 'resolvedOnSpot')),
      casesResolved: Number(await kpiText(page, 'closed')),
    });
    await page.getByTestId('chart-trend').locator('canvas').waitFor();
    await page.getByTestId('chart-town').locator('canvas').waitFor();

    // A case the town leaves to its village: counted for the village by name, never as a department.
    const local = await raiseCase({ description: `村里自行办理 ${Date.now()}` }, false);
    expect((await postJson(`${api()}/cases/${local}/actions/triageCase`, { route: 'village' }, await as(actors.laifengTriage))).status).toBe(200);
    const cut = async (groupBy: string) =>
      getJson<{ rows: { group: string | null }[] }>(
        `${webUrl}/api/reporting/reports/kpis?from=${from}&to=${to}&granularity=range&groupBy=${groupBy}`,
        await as(actors.admin),
      );
    await waitFor(async () => ((await cut('localUnit')).rows.some((row) => row.group === 'village:dengfeng') ? true : undefined), {
      description: 'the village counted as a unit that handles cases itself',
    });
    const organisation = (await (await fetch(`${api()}/organisation`)).json()) as { departments: { id: string }[] };
    const departmentIds = new Set(organisation.departments.map((d) => d.id));
    expect((await cut('department')).rows.map((row) => row.group).filter((group) => group !== '(none)' && !departmentIds.has(group ?? ''))).toEqual([]);
    await page.reload();
    await page.getByTestId('chart-local-unit').locator('canvas').waitFor();
    // Escalations nobody has acknowledged yet: the ledger's count for this reader, now.
    const unseen = await getJson<{ total: number }>(`${api()}/cases?escalationUnseen=true&limit=1`, await as(actors.admin));
    expect(await kpiText(page, 'escalationsUnseen')).toBe(String(unseen.total));
    await screenshot(page, 'dashboard-kpis');

    // Both exports download through the console's proxy with the session's token.
    const csvDownload = page.waitForEvent('download');
    await page.getByTestId('dashboard-export-csv').click();
    const csv = await csvDownload;
    expect(csv.suggestedFilename()).toBe('kpis.csv');
    const csvText = readFileSync((await csv.path())!, 'utf8');
    expect(csvText.startsWith('\uFEFF期间,起,止(不含),分组')).toBe(true);
    expect(csvText.trim().split('\r\n').length).toBeGreaterThanOrEqual(2);
    const xlsxDownload = page.waitForEvent('download');
    await page.getByTestId('dashboard-export-xlsx').click();
    const xlsx = await xlsxDownload;
    expect(xlsx.suggestedFilename()).toBe('指标.xlsx');
    expect(readFileSync((await xlsx.path())!).subarray(0, 2).toString('latin1')).toBe('PK');

    // A town filter with no case in it: the figures follow.
    await choose(page, '镇街', '璧城街道');
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await waitFor(async () => ((await kpiText(page, 'casesRaised')) === '0' ? true : undefined), { description: 'the filtered figures' });
    await screenshot(page, 'dashboard-filtered');

    // The town's group robot is unreachable: the escalation of an unclaimed case posts to it, the
    // delivery fails twice and is parked on the dead-letter topic.
    const closedPort = await freePort();
    const hook = await fetch(`${webUrl}/api/notification/admin/notification-webhooks/town/laifeng`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...bearer(await as(actors.admin)) },
      body: JSON.stringify({ url: `http://127.0.0.1:${closedPort}/cgi-bin/webhook/send?key=laifeng`, style: 'wecom' }),
    });
    expect(hook.status).toBe(200);
    await raiseCase({ description: `无人认领将升级 ${Date.now()}` }, true);

    // Another published case loses its read-model row (as after a bad restore): its workflow's next
    // recordCaseEvents (at the escalation) cannot apply and retries, and the worker records it.
    const broken = await raiseCase({ description: `读模型缺失 ${Date.now()}` }, true);
    const db = await createDatabase(consoleStack.stack.db.url);
    try {
      await db.caseTimelineEntry.deleteMany({ where: { caseId: broken } });
      await db.case.delete({ where: { id: broken } });
    } finally {
      await db.$disconnect();
    }

    const adminToken = await as(actors.admin);
    const parked = async () =>
      (await getJson<Letter[]>(`${webUrl}/api/notification/admin/dead-letters`, adminToken)).filter((l) =>
        l.value.includes(`127.0.0.1:${closedPort}/`),
      );
    const [letter] = await waitFor(async () => ((await parked()).length > 0 ? parked() : undefined), {
      description: 'the dead-lettered webhook delivery',
      timeoutMs: 90_000,
      intervalMs: 1000,
    });

    await page.goto(`${webUrl}/ops`);
    const failing = page.getByTestId('failing-activities').locator(`[data-workflow-id="${broken}"]`);
    await waitFor(
      async () => {
        await page.getByRole('button', { name: /刷\s*新/ }).first().click();
        return (await failing.count()) > 0 ? true : undefined;
      },
      { description: 'the failing recordCaseEvents on the ops page', timeoutMs: 60_000, intervalMs: 2000 },
    );
    expect(await failing.innerText()).toContain('recordCaseEvents');
    expect(await failing.innerText()).toContain('caseRaised');
    expect(await failing.getByTestId('temporal-link').getAttribute('href')).toContain(`/workflows/${broken}`);
    expect(await failing.getByTestId('workflow-ended').count()).toBe(0);
    // Ready-made searches over the case search attributes, named in Chinese, each a link into the Temporal UI.
    const searches = page.getByTestId('case-searches');
    const topLeaders = searches.locator('[data-search="escalatedToTopLeaders"]');
    expect(await topLeaders.innerText()).toContain('已升级至区主要领导督办');
    expect(decodeURIComponent((await topLeaders.getByTestId('case-search-link').getAttribute('href')) ?? '')).toContain(
      `AND CaseSupervisionLevel = 'topDistrictLeaders'`,
    );
    expect(await searches.locator('[data-search="stuckInTriage"]').innerText()).toContain('台账中超过3天未研判');
    // One overdue search per department, by the department's name, never its id.
    const overdue = await searches.locator('[data-search="overdueInDepartment"]').first().innerText();
    expect(overdue).toContain('逾期未办结');
    expect(overdue).not.toMatch(/^[a-z-]+ ·/);
    await screenshot(page, 'ops-case-searches');
    const overview = await getJson<{ failingActivities: { items: { workflowId: string; caseId: string | null; workflowRunning: boolean | null; retrying: boolean }[] } }>(
      `${api()}/ops/overview`,
      adminToken,
    );
    // Its read-model row is gone, so it is not linked as a case; its workflow still runs and retries.
    expect(overview.failingActivities.items.find((item) => item.workflowId === broken)).toMatchObject({ caseId: null, workflowRunning: true, retrying: true });

    const row = page.getByTestId('dead-letters').locator(`[data-dead-letter-id="${letter!.id}"]`);
    await row.waitFor({ timeout: 30_000 });
    await screenshot(page, 'ops-failures');
    await row.getByTestId('dead-letter-replay').click();
    await row.getByTestId('dead-letter-replayed').waitFor();
    // Replayed for real: the delivery was re-armed, failed its two attempts again and is parked anew.
    const deliveryId = letter!.headers['notification-delivery-id'];
    expect(deliveryId).toBeTruthy();
    await waitFor(
      async () => ((await parked()).filter((l) => l.headers['notification-delivery-id'] === deliveryId).length >= 2 ? true : undefined),
      { description: 'the replayed delivery parked again', timeoutMs: 60_000, intervalMs: 1000 },
    );
    await screenshot(page, 'ops-replayed');
    await admin.context.close();
  });
});
