import type { Browser, Locator, Page } from 'playwright-core';
import { waitFor } from '@bishan/testing';
import { publicReference } from '@bishan/domain';
import { apiToken, getJson, postJson } from './support/api';
import { desktop, launchChromium, logIn, phone, screenshot } from './support/browser';
import { startConsoleStack, type ConsoleStack } from './support/console-stack';

const secretary = { id: 'dengfeng-secretary', role: 'village-secretary' } as const;
const people = {
  triage: { id: 'laifeng-secretary', role: 'town-triage' },
  handler: { id: 'power-supply-handler-1', role: 'department-handler' },
  /** The district leader supervising the power company. */
  supervisor: { id: 'dl-09', role: 'district-leader' },
  admin: { id: 'admin', role: 'admin' },
} as const;

type MeetingAnswer = {
  status: string;
  attendance?: { householdsAtHome: number; attendees: number };
  result?: { issuesRaised: number; resolvedOnSpot: number };
  figures: { participationRate: number | null; onSiteResolutionRate: number | null };
};
type LedgerAnswer = {
  items: {
    id: string;
    description: string;
    status: string;
    resolvedOnSpot: boolean;
    closure: string | null;
  }[];
};

/** The validation message shown under the form field with this label. */
const fieldError = (form: Locator, label: string) =>
  form
    // `has` is matched inside each form item: a page-rooted locator, not one under the form.
    .locator('.ant-form-item', { has: form.page().getByLabel(label, { exact: true }) })
    .locator('.ant-form-item-explain-error');

/** Picks an option of a labelled antd Select inside `form` by typing it, as a keyboard user would. */
async function chooseIn(page: Page, form: Locator, label: string, typed: string): Promise<void> {
  const field = form.getByLabel(label, { exact: true });
  await field.click();
  await field.fill(typed);
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: typed })
    .first()
    .waitFor();
  await field.press('Enter');
}

/** Every text field of a form is reached by its label: the form is usable by screen reader and keyboard. */
async function expectLabelled(form: Locator, labels: string[]): Promise<void> {
  for (const label of labels)
    expect([label, await form.getByLabel(label, { exact: true }).count()]).toEqual([label, 1]);
}

const text = async (panel: Locator, figure: string) =>
  (await panel.getByTestId(`figure-${figure}`).innerText()).trim();

describe('meeting capture on a phone, and supervision, on the real stack', () => {
  let consoleStack: ConsoleStack;
  let browser: Browser;
  let webUrl: string;

  beforeAll(async () => {
    [consoleStack, browser] = await Promise.all([startConsoleStack('meetings'), launchChromium()]);
    webUrl = consoleStack.webUrl;
  });

  afterAll(async () => {
    await browser?.close();
    await consoleStack?.stop();
  });

  it('opens a meeting, records attendance and two issues, closes it with its figures', async () => {
    const { context, page } = await logIn(browser, webUrl, secretary, phone);
    await page.goto(`${webUrl}/meetings`);

    // Open: a secretary convenes village meetings only, in their own village; Enter submits.
    const openForm = page.locator('form#open-meeting');
    await openForm.waitFor();
    await expectLabelled(openForm, ['层级', '形式', '应邀户数', '议题']);
    expect(
      await openForm.locator('.ant-form-item', { has: page.getByLabel('层级', { exact: true }) }).innerText(),
    ).toContain('村级');
    await openForm.getByLabel('应邀户数', { exact: true }).fill('30');
    await screenshot(page, 'meeting-1-open');
    await openForm.getByLabel('应邀户数', { exact: true }).press('Enter');
    const panel = page.locator('[data-meeting-id]').first();
    await panel.waitFor();
    const meetingId = (await panel.getAttribute('data-meeting-id'))!;
    expect(await panel.getAttribute('data-meeting-status')).toBe('open');
    expect(await text(panel, 'invitedHouseholds')).toBe('30');

    // Attendance: more households at home than were invited is the API's refusal, shown at that
    // field in Chinese, worded from the rule's code (the API's message is English).
    const attendance = panel.locator(`form#attendance-${meetingId}`);
    await expectLabelled(attendance, ['在家户数', '参会人数']);
    await attendance.getByLabel('在家户数', { exact: true }).fill('35');
    await attendance.getByLabel('参会人数', { exact: true }).fill('20');
    await attendance.getByLabel('参会人数', { exact: true }).press('Enter');
    await fieldError(attendance, '在家户数').waitFor();
    expect(await fieldError(attendance, '在家户数').innerText()).toBe('不能超过应邀户数(30)');
    expect(await attendance.getByTestId('problem').count()).toBe(0);
    await screenshot(page, 'meeting-2-attendance-refused');
    await attendance.getByLabel('在家户数', { exact: true }).fill('28');
    await attendance.getByLabel('参会人数', { exact: true }).fill('25');
    await attendance.getByLabel('参会人数', { exact: true }).press('Enter');
    await waitFor(async () => ((await text(panel, 'participationRate')) === '89.3%' ? true : undefined), {
      description: 'the participation rate, 25 of 28 households at home',
    });
    expect([await text(panel, 'householdsAtHome'), await text(panel, 'attendees')]).toEqual(['28', '25']);
    await screenshot(page, 'meeting-3-attendance');

    // Two issues: a lamp fixed during the meeting, and a drain that goes on to the town's ledger.
    const issueForm = panel.locator(`form#issue-${meetingId}`);
    await expectLabelled(issueForm, [
      '问题类别',
      '问题描述',
      '村(社区)',
      '反映人',
      '现场解决',
      '现场解决情况',
    ]);
    const stamp = Date.now();
    const fixed = `院坝路灯不亮 ${stamp}`;
    const sentOn = `排水沟堵塞需清淤 ${stamp}`;
    await chooseIn(page, issueForm, '问题类别', '线路整治');
    await issueForm.getByLabel('问题描述', { exact: true }).fill(fixed);
    await issueForm.getByLabel('现场解决', { exact: true }).check();
    await issueForm.getByLabel('现场解决情况', { exact: true }).fill('电工到场更换了灯泡');
    await screenshot(page, 'meeting-4-issue-on-the-spot');
    await page.getByTestId(`issue-${meetingId}-submit`).click();
    const cases = panel.getByTestId('meeting-cases');
    await cases.locator('[data-case-id]', { hasText: fixed }).waitFor({ timeout: 30_000 });
    await chooseIn(page, issueForm, '问题类别', '环境卫生');
    await issueForm.getByLabel('问题描述', { exact: true }).fill(sentOn);
    expect(await issueForm.getByLabel('现场解决', { exact: true }).isChecked()).toBe(false);
    await page.getByTestId(`issue-${meetingId}-submit`).click();
    await cases.locator('[data-case-id]', { hasText: sentOn }).waitFor({ timeout: 30_000 });
    const statusOf = async (description: string) =>
      cases
        .locator('[data-case-id]', { hasText: description })
        .locator('[data-status]')
        .getAttribute('data-status');
    expect([await statusOf(fixed), await statusOf(sentOn)]).toEqual(['closed', 'inLedger']);
    // Neither repeats an open case: no warning under the form.
    expect(await panel.getByTestId('entered-issue-duplicates').count()).toBe(0);
    await screenshot(page, 'meeting-5-issues');

    // Close: the figures come prefilled from the recorded issues; resolving more than were raised is refused at its field.
    const close = panel.locator(`form#close-${meetingId}`);
    await expectLabelled(close, ['提出问题数', '现场解决数']);
    await waitFor(
      async () =>
        (await close.getByLabel('提出问题数', { exact: true }).inputValue()) === '2' ? true : undefined,
      {
        description: 'the close form prefilled with the two recorded issues',
      },
    );
    expect(await close.getByLabel('现场解决数', { exact: true }).inputValue()).toBe('1');
    await close.getByLabel('现场解决数', { exact: true }).fill('3');
    await close.getByLabel('现场解决数', { exact: true }).press('Enter');
    await fieldError(close, '现场解决数').waitFor();
    expect(await fieldError(close, '现场解决数').innerText()).toBe('不能超过提出问题数(2)');
    await screenshot(page, 'meeting-6-close-refused');
    await close.getByLabel('现场解决数', { exact: true }).fill('1');
    await page.getByTestId(`close-${meetingId}-submit`).click();
    await page.locator(`[data-meeting-id="${meetingId}"][data-meeting-status="closed"]`).waitFor();
    expect({
      issuesRaised: await text(panel, 'issuesRaised'),
      resolvedOnSpot: await text(panel, 'resolvedOnSpot'),
      onSite: await text(panel, 'onSiteResolutionRate'),
      participation: await text(panel, 'participationRate'),
      forms: await panel.locator('form').count(),
    }).toEqual({ issuesRaised: '2', resolvedOnSpot: '1', onSite: '50.0%', participation: '89.3%', forms: 0 });
    // Laid out for the phone: nothing wider than the screen.
    expect(await page.locator('html').evaluate((html) => html.scrollWidth)).toBeLessThanOrEqual(phone.width);
    await screenshot(page, 'meeting-7-closed');

    // What the API holds: the meeting closed with its counts, the on-the-spot case closed, the other open in the ledger.
    const token = await apiToken(consoleStack.caseApiUrl, secretary);
    const meeting = await getJson<MeetingAnswer>(`${webUrl}/api/case/meetings/${meetingId}`, token);
    expect(meeting).toMatchObject({
      status: 'closed',
      attendance: { householdsAtHome: 28, attendees: 25 },
      result: { issuesRaised: 2, resolvedOnSpot: 1 },
      figures: { onSiteResolutionRate: 0.5 },
    });
    expect(meeting.figures.participationRate).toBeCloseTo(25 / 28);
    const raised = await getJson<LedgerAnswer>(`${webUrl}/api/case/cases?meetingId=${meetingId}`, token);
    const byText = (description: string) => raised.items.find((item) => item.description === description);
    expect(raised.items).toHaveLength(2);
    expect(byText(fixed)).toMatchObject({
      status: 'closed',
      resolvedOnSpot: true,
      closure: 'resolvedOnSpot',
    });
    expect(byText(sentOn)).toMatchObject({ status: 'inLedger', resolvedOnSpot: false, closure: null });
    const ledger = await getJson<LedgerAnswer>(
      `${webUrl}/api/case/cases?status=inLedger&villageId=dengfeng&limit=200`,
      token,
    );
    expect(ledger.items.map((item) => item.id)).toContain(byText(sentOn)!.id);

    await context.close();
  });
  it('lists an extension request and a concentrated issue on the supervision page, and decides the request there', async () => {
    const as = async (person: { id: string; role: string }) => apiToken(consoleStack.caseApiUrl, person);
    const act = async (id: string, action: string, person: { id: string; role: string }, body: object) =>
      expect(
        (await postJson(`${webUrl}/api/case/cases/${id}/actions/${action}`, body, await as(person))).status,
      ).toBe(200);
    const raise = async (description: string) => {
      const answer = await postJson<{ id: string }>(
        `${webUrl}/api/case/cases`,
        {
          category: '线路整治',
          description,
          channel: 'meeting',
          location: { townId: 'laifeng', villageId: 'dengfeng' },
          reporterIds: ['resident-dengfeng-1'],
        },
        await as(secretary),
      );
      expect(answer.status).toBe(201);
      return answer.body.id;
    };
    const stamp = Date.now();
    const extended = await raise(`变压器周边线路需迁改 ${stamp}`);
    const flagged = await raise(`多处电杆倾斜 ${stamp}`);
    await act(extended, 'triageCase', people.triage, { route: 'district' });
    await act(extended, 'claimCase', people.handler, {});
    await act(extended, 'submitHandlingPlan', people.handler, {
      plan: '迁改线路',
      responsibility: { unit: '运维检修部', personName: '王工' },
    });
    await act(extended, 'requestExtension', people.handler, { workingDays: 3, reason: '需协调通信公司' });
    // Claimed by the power company too, so it is in the supervising leader's scope.
    await act(flagged, 'triageCase', people.triage, { route: 'district' });
    await act(flagged, 'claimCase', people.handler, {});
    await act(flagged, 'flagConcentrated', people.admin, { reason: '同类问题集中' });

    const { context, page } = await logIn(browser, webUrl, people.supervisor, desktop);
    await page.goto(`${webUrl}/supervisor`);
    const request = page.getByTestId('pending-extensions').locator(`[data-case-id="${extended}"]`);
    await request.waitFor({ timeout: 30_000 });
    await page
      .getByTestId('clusters')
      .getByTestId('cluster')
      .filter({ has: page.locator(`a[href="/cases/${flagged}"]`) })
      .waitFor({ timeout: 30_000 });
    await screenshot(page, 'supervisor-extension-and-cluster');

    // Approved from the list, with its reason: the request leaves the list.
    await request.getByTestId('action-approveExtension').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('理由', { exact: true }).fill('同意延期三个工作日');
    await dialog.getByTestId('modal-submit').click();
    await request.waitFor({ state: 'detached', timeout: 30_000 });
    const decided = await getJson<{ view: { pendingExtension: unknown } }>(
      `${webUrl}/api/case/cases/${extended}`,
      await as(people.supervisor),
    );
    expect(decided.view.pendingExtension).toBeNull();

    await context.close();
  });

  it('warns at the meeting that an issue just entered repeats one still open in the village, with its reference', async () => {
    const description = `7组垃圾清运不及时 <img src=x onerror="window.__xss=1"> ${Date.now()}`;
    const earlier = await postJson<{ id: string }>(
      `${webUrl}/api/case/cases`,
      {
        category: '环境卫生',
        description,
        channel: 'onlineGroup',
        location: { townId: 'laifeng', villageId: 'dengfeng' },
        reporterIds: ['resident-dengfeng-1'],
      },
      await apiToken(consoleStack.caseApiUrl, { id: 'resident-dengfeng-1', role: 'resident' }),
    );
    expect(earlier.status).toBe(201);

    const { context, page } = await logIn(browser, webUrl, secretary, phone);
    await page.goto(`${webUrl}/meetings`);
    const openForm = page.locator('form#open-meeting');
    await openForm.getByLabel('应邀户数', { exact: true }).fill('12');
    await openForm.getByLabel('应邀户数', { exact: true }).press('Enter');
    const panel = page.locator('[data-meeting-status="open"]').first();
    await panel.waitFor();
    const meetingId = (await panel.getAttribute('data-meeting-id'))!;
    const issueForm = panel.locator(`form#issue-${meetingId}`);
    await chooseIn(page, issueForm, '问题类别', '环境卫生');
    await issueForm.getByLabel('问题描述', { exact: true }).fill(description);
    await page.getByTestId(`issue-${meetingId}-submit`).click();

    const warning = panel.getByTestId('entered-issue-duplicates');
    await warning.waitFor({ timeout: 30_000 });
    expect(await warning.innerText()).toContain('可能与以下未办结的问题重复');
    expect(await warning.locator(`a[href="/cases/${earlier.body.id}"]`).innerText()).toBe(
      publicReference(earlier.body.id),
    );
    expect(await warning.innerText()).toContain('共计 1');
    expect(await page.evaluate(() => (globalThis as unknown as { __xss?: number }).__xss)).toBeUndefined();
    await screenshot(page, 'meeting-8-repeat-warned');

    // Dismissed, it stays away.
    await warning.locator('.ant-alert-close-icon').click();
    await warning.waitFor({ state: 'detached' });
    await context.close();
  });
});
