import type { Browser, Page } from 'playwright-core';
import { publicReference } from '@bishan/domain';
import { waitFor } from '@bishan/testing';
import { desktop, launchChromium, logIn, phone, screenshot } from './support/browser';
import { apiToken, getJson } from './support/api';
import { startConsoleStack, type ConsoleStack } from './support/console-stack';

const people = {
  resident: { id: 'resident-dengfeng-1', role: 'resident' },
  triage: { id: 'laifeng-secretary', role: 'town-triage' },
  handler: { id: 'power-supply-handler-1', role: 'department-handler' },
  secretary: { id: 'dengfeng-secretary', role: 'village-secretary' },
  powerLeader: { id: 'power-supply-leader-1', role: 'department-leader' },
  admin: { id: 'admin', role: 'admin' },
} as const;

type TimelineEntry = { type: string; event: { targetIds: string[] } };

/** The leader's login role: a district leader, a top leader or a department leader. */
async function roleOf(webUrl: string, personId: string): Promise<string> {
  for (const role of ['district-leader', 'top-district-leader', 'department-leader', 'town-leader']) {
    // The console's own development login lists the people who can sign in.
    const answer = await fetch(`${webUrl}/auth/dev-users?role=${role}&limit=200`);
    const { items } = (await answer.json()) as { items: { id: string }[] };
    if (items.some((user) => user.id === personId)) return role;
  }
  throw new Error(`no leader role for ${personId}`);
}

type Kpis = Record<'casesRaised' | 'closed' | 'satisfactionRate', string>;

async function readKpis(page: Page): Promise<Kpis> {
  const value = async (key: string) =>
    (await page.getByTestId(`kpi-${key}`).locator('.ant-statistic-content').innerText()).trim();
  return { casesRaised: await value('casesRaised'), closed: await value('closed'), satisfactionRate: await value('satisfactionRate') };
}

/** The row (table) or card (phone) of one case in a case list. */
const caseRow = (page: Page, listTestId: string, caseId: string) =>
  page.getByTestId(listTestId).locator(`[data-case-id="${caseId}"]`);

/** Fills the open modal's labelled fields and submits it with the keyboard-reachable OK button. */
async function submitModal(page: Page, fields: Record<string, string>): Promise<void> {
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  for (const [label, value] of Object.entries(fields)) await dialog.getByLabel(label, { exact: true }).fill(value);
  await dialog.getByTestId('modal-submit').click();
  await dialog.waitFor({ state: 'hidden' });
}

describe('the web console in a real browser, on the real stack', () => {
  let consoleStack: ConsoleStack;
  let browser: Browser;
  let webUrl: string;

  beforeAll(async () => {
    [consoleStack, browser] = await Promise.all([startConsoleStack('browser'), launchChromium()]);
    webUrl = consoleStack.webUrl;
  });

  afterAll(async () => {
    await browser?.close();
    await consoleStack?.stop();
  });

  it('carries a case from a resident through town, department and rating, and the dashboard follows', async () => {
    const admin = await logIn(browser, webUrl, people.admin, desktop, 'login');
    await admin.page.goto(`${webUrl}/dashboard`);
    await admin.page.getByTestId('kpi-casesRaised').locator('.ant-statistic-content').waitFor();
    const before = await waitFor(async () => {
      const kpis = await readKpis(admin.page);
      return kpis.casesRaised === '—' ? undefined : kpis;
    }, { description: 'the dashboard figures' });
    await screenshot(admin.page, 'dashboard-before');

    // The resident, on a phone (a refused field and the courtyard picker: raise-form.browser.spec.ts).
    const resident = await logIn(browser, webUrl, people.resident, phone);
    const description = `村口电线杂乱低垂,存在安全隐患 ${Date.now()}`;
    await resident.page.getByLabel('问题类别', { exact: true }).click();
    await resident.page.getByLabel('问题类别', { exact: true }).fill('线路整治');
    await resident.page.keyboard.press('Enter');
    await resident.page.getByLabel('问题描述', { exact: true }).fill(description);
    await resident.page.getByTestId('raise-submit').click();
    const card = resident.page.getByTestId('my-cases').locator('[data-case-id]', { hasText: description });
    await card.waitFor();
    const caseId = (await card.getAttribute('data-case-id'))!;
    expect(await card.locator('[data-status]').getAttribute('data-status')).toBe('inLedger');
    await screenshot(resident.page, 'resident');

    // The town's triage publishes it to the district claim pool.
    const triage = await logIn(browser, webUrl, people.triage);
    await caseRow(triage.page, 'triage-ledger', caseId).getByTestId('triage-district').click();
    await caseRow(triage.page, 'triage-ledger', caseId).waitFor({ state: 'detached' });
    await screenshot(triage.page, 'triage');

    // The power company claims it, plans and reports a result.
    const handler = await logIn(browser, webUrl, people.handler);
    await caseRow(handler.page, 'claim-pool', caseId).getByTestId('action-claimCase').click();
    const mine = caseRow(handler.page, 'my-handling', caseId);
    await mine.getByTestId('action-submitHandlingPlan').click();
    await submitModal(handler.page, { 办理方案: '三日内规范整理线路', 责任科室: '运维检修部', 责任人: '王工' });
    await screenshot(handler.page, 'inbox');
    await mine.getByTestId('action-reportResult').click();
    await submitModal(handler.page, { 办理结果: '已重新架设并固定线路' });
    await mine.locator('[data-status="resultReported"]').waitFor();

    // The village tells the residents; the resident, already on the case page, rates at once (the
    // demo policy's rating window is 7 "days" of 2 s).
    await resident.page.goto(`${webUrl}/cases/${caseId}`);
    await resident.page.locator('[data-event-type="resultReported"]').waitFor();
    const secretary = await logIn(browser, webUrl, people.secretary);
    await caseRow(secretary.page, 'local-ledger', caseId).getByTestId('action-giveFeedback').click();
    await submitModal(secretary.page, { 说明: '已在群里告知' });
    await resident.page.getByTestId('rate-satisfied').click({ timeout: 10_000 });
    await resident.page.locator('[data-event-type="caseRated"]').waitFor();
    await resident.page.locator('[data-status="closed"]').first().waitFor();
    await screenshot(resident.page, 'case-page');
    await screenshot(secretary.page, 'local');
    const events = await resident.page.locator('[data-testid="timeline-entry"]').evaluateAll((nodes) =>
      nodes.map((node) => node.getAttribute('data-event-type')),
    );
    expect(events).toEqual(
      expect.arrayContaining(['caseRaised', 'casePublished', 'caseClaimed', 'handlingPlanSubmitted', 'resultReported', 'feedbackGiven', 'caseRated', 'caseClosed']),
    );

    // The dashboard: one more case raised, one more closed, and it was rated satisfied.
    const after = await waitFor(
      async () => {
        await admin.page.reload();
        await admin.page.getByTestId('kpi-closed').locator('.ant-statistic-content').waitFor();
        const kpis = await readKpis(admin.page);
        return Number(kpis.closed) === Number(before.closed) + 1 && Number(kpis.casesRaised) >= Number(before.casesRaised) + 1
          ? kpis
          : undefined;
      },
      { description: 'the dashboard to count the closed case', timeoutMs: 30_000, intervalMs: 1000 },
    );
    expect(Number(after.casesRaised)).toBe(Number(before.casesRaised) + 1);
    expect(after.satisfactionRate).toBe('100.0%');
    await screenshot(admin.page, 'dashboard-after');

    for (const session of [admin, resident, triage, handler, secretary]) await session.context.close();
  });

  it('shows a passed claim deadline to the department leader it escalates to', async () => {
    const resident = await logIn(browser, webUrl, people.resident, phone);
    const description = `路灯线路老化无人认领 ${Date.now()}`;
    await resident.page.getByLabel('问题类别', { exact: true }).click();
    await resident.page.getByLabel('问题类别', { exact: true }).fill('线路整治');
    await resident.page.keyboard.press('Enter');
    await resident.page.getByLabel('问题描述', { exact: true }).fill(description);
    await resident.page.getByTestId('raise-submit').click();
    const card = resident.page.getByTestId('my-cases').locator('[data-case-id]', { hasText: description });
    await card.waitFor();
    const caseId = (await card.getAttribute('data-case-id'))!;

    const triage = await logIn(browser, webUrl, people.triage);
    await caseRow(triage.page, 'triage-ledger', caseId).getByTestId('triage-district').click();
    await caseRow(triage.page, 'triage-ledger', caseId).waitFor({ state: 'detached' });

    // Nobody claims it: the claim window (two demo working days, 4 s) passes. The department on
    // whose duty list it is sees the case flagged on its supervision page, with the missed deadline.
    const leader = await logIn(browser, webUrl, people.powerLeader);
    await leader.page.goto(`${webUrl}/supervisor`);
    await caseRow(leader.page, 'escalated-cases', caseId).getByTestId('escalated-flag').waitFor({ timeout: 60_000 });
    await leader.page
      .getByTestId('escalation-notices')
      .getByTestId('notice')
      // Named by its village and the reference residents see on notices, not by its full id.
      .filter({ hasText: publicReference(caseId) })
      .filter({ hasText: '已超过认领时限' })
      .first()
      .waitFor({ timeout: 30_000 });
    await screenshot(leader.page, 'supervisor');

    // The leader the escalation is addressed to reads it on their own supervision page.
    const adminToken = await apiToken(consoleStack.caseApiUrl, people.admin);
    const escalation = await waitFor(
      async () => (await getJson<TimelineEntry[]>(`${webUrl}/api/case/cases/${caseId}/timeline`, adminToken)).find((e) => e.type === 'caseEscalated'),
      { description: 'the escalation in the timeline', timeoutMs: 30_000 },
    );
    const addressee = escalation.event.targetIds[0]!;
    const supervisor = await logIn(browser, webUrl, { id: addressee, role: await roleOf(webUrl, addressee) });
    await supervisor.page.goto(`${webUrl}/supervisor`);
    await supervisor.page
      .getByTestId('escalation-notices')
      .getByTestId('notice')
      .filter({ hasText: publicReference(caseId) })
      .filter({ hasText: '已升级督办' })
      .first()
      .waitFor({ timeout: 30_000 });
    await screenshot(supervisor.page, 'supervisor-escalation');
    await supervisor.context.close();

    // The escalation is on the case page's timeline, dated at the deadline.
    await leader.page.goto(`${webUrl}/cases/${caseId}`);
    await leader.page.locator('[data-event-type="caseEscalated"]').waitFor();
    await screenshot(leader.page, 'case-escalated');

    // The remaining pages render for their roles: meetings (phone), ops, English switch.
    const secretary = await logIn(browser, webUrl, people.secretary, phone);
    await secretary.page.goto(`${webUrl}/meetings`);
    await secretary.page.getByText('召开院坝会').first().waitFor();
    await screenshot(secretary.page, 'meetings');
    const admin = await logIn(browser, webUrl, people.admin);
    await admin.page.goto(`${webUrl}/ops`);
    await admin.page.getByTestId('ops-outbox').waitFor();
    // The figures come from the case API's ops overview (admin only): numbers, not placeholders.
    expect(await admin.page.getByTestId('ops-outbox').locator('.ant-statistic-content').innerText()).toMatch(/^\d+$/);
    const refused = await fetch(`${webUrl}/api/case/ops/overview`, {
      headers: { authorization: `Bearer ${await apiToken(consoleStack.caseApiUrl, people.powerLeader)}` },
    });
    expect(refused.status).toBe(403);
    await screenshot(admin.page, 'ops');
    await admin.page.getByTestId('language-switch').click();
    await admin.page.getByText('Operations').waitFor();
    await screenshot(admin.page, 'ops-english');

    for (const session of [resident, triage, leader, secretary, admin]) await session.context.close();
  });
});
