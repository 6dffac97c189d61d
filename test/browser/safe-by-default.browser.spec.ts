import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { waitFor } from '@bishan/testing';
import { actors, bearer, postJson, tokenFor, type Person } from '../e2e/bishan-actors';
import { choose, desktop, launchChromium, logIn, phone, screenshot, screenshotDir } from './support/browser';
import { startConsoleStack, type ConsoleStack } from './support/console-stack';

// Markup a person might type into any text field, each ending in something that would run (or
// leave a marked element behind) if the console ever wrote text as HTML.
const img = '<img src=x onerror=window.__xss=1 data-xss=1>';
const script = '"><script data-xss=1>window.__xss=1</script>';
const svg = '<svg onload=window.__xss=1 data-xss=1>';
const hostile = (label: string) => `XSS-${label} ${img} ${script}`;

const people = {
  powerLeader: { id: 'power-supply-leader-1', role: 'department-leader' },
} as const;

/**
 * Installed before any page script (as text: this project's Node types know no DOM): records what
 * would show that injected markup ran, or that the console itself broke its Content-Security-Policy
 * (antd's and ECharts' styles included).
 */
const watchForExecution = `
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (event) =>
    window.__cspViolations.push(event.violatedDirective + ' ' + event.blockedURI + ' ' + event.sample));
`;

/** Nothing ran, no dialog opened, no marked element exists, and the console broke no CSP rule. */
async function expectInert(page: Page, where: string, dialogs: string[]): Promise<void> {
  const state = await page.evaluate<{ xss: unknown; marked: number; violations: string[] }>(`({
    xss: window.__xss ?? null,
    marked: document.querySelectorAll('[data-xss], [onerror], [onload]').length,
    violations: window.__cspViolations ?? ['no watcher'],
  })`);
  expect({ where, ...state, dialogs }).toEqual({ where, xss: null, marked: 0, violations: [], dialogs: [] });
}

/** A page of a person, watched from its first script on. */
async function pageOf(browser: Browser, webUrl: string, person: Person, viewport = desktop) {
  const { context, page } = await logIn(browser, webUrl, person, viewport);
  await context.addInitScript(watchForExecution);
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return { context, page, dialogs };
}

/** Waits until the text is on the screen, as text (antd keeps hidden copies of some cells). */
const shown = (page: Page, text: string) => page.getByText(text, { exact: false }).filter({ visible: true }).first().waitFor({ timeout: 30_000 });

/** Opens a path and waits until every text is shown, as text. */
async function visit(page: Page, dialogs: string[], url: string, texts: string[], shot: string): Promise<void> {
  await page.goto(url);
  for (const text of texts) await shown(page, text);
  await expectInert(page, url, dialogs);
  await screenshot(page, shot);
}

describe('safe by default in a real browser', () => {
  let consoleStack: ConsoleStack;
  let browser: Browser;
  let webUrl: string;
  const as = (person: Person) => tokenFor(consoleStack.caseApiUrl, person);
  const api = () => consoleStack.caseApiUrl;
  const notification = () => consoleStack.stack.service('notification').url;

  beforeAll(async () => {
    [consoleStack, browser] = await Promise.all([startConsoleStack('safe-by-default'), launchChromium()]);
    webUrl = consoleStack.webUrl;
  });

  afterAll(async () => {
    await browser?.close();
    await consoleStack?.stop();
  });

  it('signs in to a server-side session: no token in the browser, CSRF-checked writes, logout ends it', async () => {
    const context = await browser.newContext({ viewport: desktop, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    const apiRequests: { url: string; authorization: string | null }[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/api/'))
        apiRequests.push({ url: request.url(), authorization: request.headers()['authorization'] ?? null });
    });
    const landing = await page.goto(webUrl);
    const headers = landing?.headers() ?? {};
    expect(headers['content-security-policy']).toContain("script-src 'self';");
    expect(headers['x-content-type-options']).toBe('nosniff');

    await choose(page, '角色', 'town-triage', '(town-triage)');
    await choose(page, '用户', actors.laifengTriage.id);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('logout').waitFor();
    await page.getByTestId('triage-ledger').waitFor();

    const [cookie] = (await context.cookies()).filter((c) => c.name === 'bishan_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    const readable = await page.evaluate<string>('JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, cookie: document.cookie })');
    expect(readable).not.toMatch(/eyJ/);
    expect(readable).not.toContain(cookie!.value);
    // The pages' calls carry no token: the console's server adds it upstream.
    expect(apiRequests.length).toBeGreaterThan(0);
    expect(apiRequests.filter((r) => r.authorization !== null || /eyJ|access_token|api_key/.test(r.url))).toEqual([]);

    // A write the page did not mean to send (no CSRF header) is refused by the console's server.
    const forged = await page.evaluate<number>(
      `fetch('/api/case/cases', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).then((r) => r.status)`,
    );
    expect(forged).toBe(403);

    await page.getByTestId('logout').click();
    await page.getByTestId('login-submit').waitFor();
    const after = await fetch(`${webUrl}/auth/session`, { headers: { cookie: `bishan_session=${cookie!.value}` } });
    expect(after.status).toBe(401);
    const stale = await fetch(`${webUrl}/api/case/cases?limit=1`, { headers: { cookie: `bishan_session=${cookie!.value}` } });
    expect(stale.status).toBe(401);
    await context.close();
  });

  it('shows every text people type as text, on every page, chart tooltips included', async () => {
    const expectStatus = async (answer: Promise<{ status: number; body: unknown }>, status: number, what: string) => {
      const { status: got, body } = await answer;
      expect({ what, status: got, body: got === status ? null : body }).toEqual({ what, status, body: null });
      return body as { id?: string };
    };
    const act = (person: Person, caseId: string, action: string, body: object) =>
      expectStatus(
        (async () => postJson(`${api()}/cases/${caseId}/actions/${action}`, body, await as(person)))(),
        200,
        `${action} of ${caseId}`,
      );
    const raise = async (person: Person, body: object) =>
      (await expectStatus((async () => postJson(`${api()}/cases`, body, await as(person)))(), 201, 'a raise')).id!;
    const send = async (method: string, url: string, body: object, person: Person) => {
      const answer = await fetch(url, {
        method,
        headers: { 'content-type': 'application/json', ...bearer(await as(person)) },
        body: JSON.stringify(body),
      });
      expect({ url, status: answer.status }).toEqual({ url, status: 200 });
    };
    const place = { townId: 'laifeng', villageId: 'dengfeng', courtyardId: 'dengfeng-yard-01' };
    const raiseBody = (label: string, extra: object = {}) => ({
      category: '线路整治',
      description: hostile(label),
      complexity: 'simple',
      location: place,
      reporterIds: [actors.resident.id],
      ...extra,
    });

    // Names people type too: the administrator's town, village and department names, and the
    // message templates. They reach the case pages, the ledgers, the notices and the charts.
    const names = { town: `来凤${img}`, village: `登凤${script}`, department: `供电${svg}` };
    await send('PATCH', `${api()}/admin/organisation/towns/laifeng`, { name: names.town }, actors.admin);
    await send('PATCH', `${api()}/admin/organisation/villages/dengfeng`, { name: names.village }, actors.admin);
    await send('PATCH', `${api()}/admin/organisation/departments/power-supply`, { name: names.department }, actors.admin);
    for (const kind of ['claimOpen', 'deadlineMissed', 'escalated'])
      await send('PUT', `${notification()}/admin/notification-templates/${kind}/inbox`, { subject: hostile(`${kind}-subject`), body: `${hostile(`${kind}-body`)} {{caseId}}` }, actors.admin);

    // A: the whole loop, every free text of it hostile.
    const a = await raise(actors.dengfengSecretary, raiseBody('A-description'));
    await act(actors.laifengTriage, a, 'triageCase', { route: 'district', note: hostile('A-triage-note') });
    await act(actors.powerHandler, a, 'claimCase', {});
    await act(actors.powerHandler, a, 'submitHandlingPlan', {
      plan: hostile('A-plan'),
      responsibility: { unit: hostile('A-unit'), personName: `王工${img}` },
    });
    await act(actors.powerHandler, a, 'requestExtension', { workingDays: 3, reason: hostile('A-extension') });
    await act(actors.powerHandler, a, 'reportResult', { summary: hostile('A-result') });
    await act(actors.dengfengSecretary, a, 'giveFeedback', { note: hostile('A-feedback') });
    await act(actors.resident, a, 'rateCase', { rating: 'satisfied', comment: hostile('A-rating') });

    // B: sent back by the department with a reason; flagged as a concentrated issue.
    const b = await raise(actors.dengfengSecretary, raiseBody('B-description'));
    await act(actors.laifengTriage, b, 'triageCase', { route: 'district' });
    await act(actors.powerHandler, b, 'claimCase', {});
    await act(actors.powerHandler, b, 'returnCase', { reason: hostile('B-return') });
    await act(actors.admin, b, 'flagConcentrated', { reason: hostile('B-concentrated') });

    // C: handed to another company with a reason.
    const c = await raise(actors.dengfengSecretary, raiseBody('C-description'));
    await act(actors.laifengTriage, c, 'triageCase', { route: 'district' });
    await act(actors.powerHandler, c, 'claimCase', {});
    await act(actors.powerHandler, c, 'transferCase', { toDepartmentId: 'china-telecom', reason: hostile('C-transfer') });

    // D: left in the claim pool; its claim window passes and the power company's leader is told.
    const d = await raise(actors.dengfengSecretary, raiseBody('D-description'));
    await act(actors.laifengTriage, d, 'triageCase', { route: 'district' });

    // E: an issue of a meeting, resolved on the spot.
    const meeting = await expectStatus(
      (async () =>
        postJson(
          `${api()}/meetings`,
          { level: 'village', scheduledAt: new Date().toISOString(), place: { townId: 'laifeng', villageId: 'dengfeng' }, mode: 'inPerson', invitedHouseholds: 30 },
          await as(actors.dengfengSecretary),
        ))(),
      201,
      'the meeting',
    );
    const e = await raise(actors.dengfengSecretary, raiseBody('E-description', { meetingId: meeting.id, resolvedOnSpot: { summary: hostile('E-on-the-spot') } }));

    // F: raised by the resident in the console itself, on a phone.
    const resident = await pageOf(browser, webUrl, actors.resident, phone);
    await resident.page.getByLabel('问题类别', { exact: true }).click();
    await resident.page.getByLabel('问题类别', { exact: true }).fill('线路整治');
    await resident.page.keyboard.press('Enter');
    await resident.page.getByLabel('问题描述', { exact: true }).fill(hostile('F-description'));
    await resident.page.getByTestId('raise-submit').click();
    await visit(resident.page, resident.dialogs, `${webUrl}/resident`, ['XSS-F-description', 'XSS-A-description', img], 'hostile-resident');

    // The case page holds nearly all of it: every note, reason and summary, the place names.
    const admin = await pageOf(browser, webUrl, actors.admin);
    await visit(
      admin.page,
      admin.dialogs,
      `${webUrl}/cases/${a}`,
      ['XSS-A-description', 'XSS-A-triage-note', 'XSS-A-plan', 'XSS-A-unit', 'XSS-A-extension', 'XSS-A-result', 'XSS-A-feedback', 'XSS-A-rating', names.town, script],
      'hostile-case-page',
    );
    await visit(admin.page, admin.dialogs, `${webUrl}/cases/${b}`, ['XSS-B-return', 'XSS-B-concentrated'], 'hostile-case-returned');
    await visit(admin.page, admin.dialogs, `${webUrl}/cases/${c}`, ['XSS-C-transfer'], 'hostile-case-transferred');
    await visit(admin.page, admin.dialogs, `${webUrl}/cases/${e}`, ['XSS-E-on-the-spot'], 'hostile-case-on-the-spot');

    const secretary = await pageOf(browser, webUrl, actors.dengfengSecretary);
    await visit(secretary.page, secretary.dialogs, `${webUrl}/local`, ['XSS-B-description', 'XSS-F-description'], 'hostile-ledger');
    await visit(secretary.page, secretary.dialogs, `${webUrl}/meetings`, [names.village], 'hostile-meetings');
    await secretary.page.getByTestId('meeting-label').first().click();
    // The meeting's issues, in its panel's table (there, as text in the page, whether scrolled into view or not).
    await secretary.page.getByTestId('meeting-cases').getByText('XSS-E-description').first().waitFor({ state: 'attached', timeout: 30_000 });
    await screenshot(secretary.page, 'hostile-meeting-issues');
    await expectInert(secretary.page, 'meeting issues', secretary.dialogs);

    const triage = await pageOf(browser, webUrl, actors.laifengTriage);
    await visit(triage.page, triage.dialogs, `${webUrl}/triage`, ['XSS-B-description'], 'hostile-triage');

    const handler = await pageOf(browser, webUrl, actors.powerHandler);
    await visit(handler.page, handler.dialogs, `${webUrl}/inbox`, ['XSS-D-description', names.department], 'hostile-inbox');

    // The leader's notices come over the event stream, which opens with a ticket and never a token.
    const leader = await pageOf(browser, webUrl, people.powerLeader);
    const streams: string[] = [];
    leader.page.on('request', (request) => {
      if (new URL(request.url()).pathname.endsWith('/notifications/stream')) streams.push(request.url());
    });
    await visit(leader.page, leader.dialogs, `${webUrl}/supervisor`, ['XSS-deadlineMissed-body'], 'hostile-supervisor');
    expect(streams.length).toBeGreaterThan(0);
    expect(streams.every((url) => new URL(url).searchParams.has('ticket') && !/access_token|eyJ/.test(url))).toBe(true);

    // The dashboard: the town and department charts' tooltips, hovered bar by bar.
    await visit(admin.page, admin.dialogs, `${webUrl}/dashboard`, [], 'hostile-dashboard');
    for (const [chart, name] of [
      ['chart-town', names.town],
      ['chart-department', names.department],
    ] as const) {
      // The reporting service folds the events in a moment; the page reads the figures once a minute.
      const box = await waitFor(
        async () => {
          if ((await admin.page.getByTestId(chart).count()) === 0) {
            await admin.page.reload();
            return undefined;
          }
          // The mouse reaches only what is on the screen.
          await admin.page.getByTestId(chart).scrollIntoViewIfNeeded();
          return (await admin.page.getByTestId(chart).boundingBox()) ?? undefined;
        },
        { description: `the ${chart} chart`, timeoutMs: 90_000, intervalMs: 3000 },
      );
      // Across the plot (below the legend; long rotated names leave it short), until the bar named so is under the mouse.
      let shown = false;
      for (const y of [45, 60, 80]) {
        for (let x = box.x + 50; x < box.x + box.width - 10 && !shown; x += 12) {
          await admin.page.mouse.move(x, box.y + y);
          shown = await admin.page.getByTestId(chart).evaluate((node, text) => node.textContent?.includes(text) ?? false, name);
        }
      }
      expect({ chart, tooltipShowsTheNameAsText: shown }).toEqual({ chart, tooltipShowsTheNameAsText: true });
      await expectInert(admin.page, `${chart} tooltip`, admin.dialogs);
      // The chart alone, with its tooltip (a whole-page shot would move the mouse's page away).
      await admin.page.getByTestId(chart).screenshot({ path: path.join(screenshotDir, `hostile-${chart}-tooltip.png`) });
    }
    await visit(admin.page, admin.dialogs, `${webUrl}/ops`, [], 'hostile-ops');
    await admin.page.getByTestId('ops-outbox').waitFor();
    await expectInert(admin.page, 'ops', admin.dialogs);

    for (const session of [resident, admin, secretary, triage, handler, leader]) await session.context.close();
  });
});
