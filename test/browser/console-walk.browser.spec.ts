import type { Browser, Page } from 'playwright-core';
import { bishanOrganisation, seedUsers } from '@bishan/db';
import { waitFor } from '@bishan/testing';
import { roles } from '@bishan/domain';
import { actors, postJson, tangledLinesCase, tokenFor, type Person } from '../e2e/bishan-actors';
import { desktop, launchChromium, logIn, openLoginUsers, screenshot } from './support/browser';
import { startConsoleStack, type ConsoleStack } from './support/console-stack';

/**
 * Every page of the console, as every kind of person sees it, in Chinese: no organisation id and no
 * English word may show, outside a short allow-list of names people here use as they are. Text in
 * `<code>` is machine text shown on purpose (an activity's name, a Kafka topic, an error as the
 * system wrote it) and is not read. The pages are the ones each person's menu offers (navigation.tsx),
 * so a page added there is walked too. A screenshot of every page is saved with the other suites' screenshots.
 */

/** Names used as they are in Chinese text, and units. */
const allowedWords = new Set(['CSV', 'Excel', 'XLSX', 'PDF', 'Kafka', 'Temporal', 'English', 'KPI']);

/** One person of each role who signs in; the walk covers every role the console knows. */
const walkers: Record<string, Person> = {
  resident: actors.resident,
  'village-secretary': actors.dengfengSecretary,
  'town-leader': { id: 'laifeng-secretary', role: 'town-leader' },
  'town-triage': actors.laifengTriage,
  'department-handler': actors.powerHandler,
  'department-leader': { id: 'power-supply-leader-1', role: 'department-leader' },
  'district-leader': { id: 'dl-01', role: 'district-leader' },
  'top-district-leader': { id: 'top-secretary', role: 'top-district-leader' },
  admin: actors.admin,
};

/** Every id of the seed organisation: places, departments, leaders and every person who signs in. */
function organisationIds(): Set<string> {
  const org = bishanOrganisation();
  return new Set([
    org.district.id,
    ...org.towns.map((t) => t.id),
    ...org.villages.map((v) => v.id),
    ...org.courtyards.map((c) => c.id),
    ...org.departments.map((d) => d.id),
    ...org.districtLeaders.map((l) => l.id),
    ...org.topDistrictLeaders.map((l) => l.id),
    ...seedUsers(org).map((u) => u.id),
  ]);
}

/**
 * The page's visible text, less what sits in `<code>`: one string per text node, and the empty
 * fields' placeholders. (A string for the
 * browser: this project's test code is compiled without the DOM's types.)
 */
const visibleTextScript = `(() => {
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    const text = node.textContent && node.textContent.trim();
    if (!parent || !text || parent.closest('code, script, style, noscript')) continue;
    if (!parent.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
    // Text clipped to nothing is not seen (a select's list for screen readers is a 0×0 box).
    let clipped = false;
    for (let box = parent; box && !clipped; box = box.parentElement) {
      const rect = box.getBoundingClientRect();
      clipped = getComputedStyle(box).overflow !== 'visible' && (rect.width === 0 || rect.height === 0);
    }
    if (clipped) continue;
    texts.push(text);
  }
  // What an empty field shows is read too.
  for (const field of document.querySelectorAll('input[placeholder], textarea[placeholder]')) {
    if (field.checkVisibility() && field.placeholder.trim()) texts.push(field.placeholder.trim());
  }
  return texts;
})()`;

const visibleText = (page: Page) => page.evaluate<string[]>(visibleTextScript);

/** The pages the signed-in person's menu offers (navigation.tsx), the ones folded under "…" too. */
async function menuPaths(page: Page): Promise<string[]> {
  const ids = await page.getByTestId('nav').locator('li[data-menu-id]').evaluateAll((items) => items.map((item) => item.getAttribute('data-menu-id') ?? ''));
  return [...new Set(ids.map((id) => id.slice(id.indexOf('-/') + 1)).filter((path) => path.startsWith('/')))];
}

/** What in the text is an organisation id or an English word (a case's id, a uuid, is neither). */
function offendingTokens(texts: readonly string[], ids: ReadonlySet<string>): string[] {
  const found = new Set<string>();
  for (const raw of texts) {
    // Case ids are uuids, shown whole or cut short (`3f2a9c1e-8b4…`), or as the reference residents
    // see (`3F2A9C1E`, its first eight hex digits), which could spell a word (`DEADBEEF`).
    const text = raw.replace(/\b[0-9a-f]{8}-[0-9a-f-]*…?/gi, ' ').replace(/\b[0-9A-F]{8}\b/g, ' ');
    for (const token of text.match(/[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*/g) ?? []) {
      if (ids.has(token)) {
        found.add(`id ${token}`);
        continue;
      }
      for (const word of token.split(/[-_.]/)) {
        if (/^[A-Za-z]{2,}$/.test(word) && !allowedWords.has(word)) found.add(`word ${word}`);
      }
    }
  }
  return [...found];
}

/** The page has loaded what it shows: no spinner or skeleton, and the text stops changing. */
async function settled(page: Page): Promise<string[]> {
  let previous = '';
  return waitFor(
    async () => {
      const busy = await page.locator('.ant-spin-spinning:visible, .ant-skeleton:visible, .ant-card-loading-content:visible').count();
      const texts = await visibleText(page);
      // Countdowns tick every second: figures may change, words may not.
      const now = texts.join('\n').replace(/\d+/g, '#');
      const same = now === previous;
      previous = now;
      return busy === 0 && same ? texts : undefined;
    },
    { description: `${page.url()} to settle`, timeoutMs: 30_000, intervalMs: 500 },
  );
}

const shotName = (role: string, path: string) => `walk-${role}${path.replace(/[^a-z0-9]+/gi, '-')}`;

describe('every page of the console speaks Chinese, with names instead of ids', () => {
  let consoleStack: ConsoleStack;
  let browser: Browser;
  let webUrl: string;
  const ids = organisationIds();
  let openCaseId = '';
  let residentCaseId = '';

  /** Every page's offending words, gathered so that one run lists all a role's pages still to translate. */
  const check = (problems: string[], where: string, texts: readonly string[]) => {
    const bad = offendingTokens(texts, ids);
    if (bad.length) problems.push(`${where}: ${bad.join(', ')}`);
  };

  beforeAll(async () => {
    [consoleStack, browser] = await Promise.all([startConsoleStack('console-walk'), launchChromium()]);
    webUrl = consoleStack.webUrl;
    // Something on every list: a case in the ledger, one resolved at the meeting, one published and
    // left unclaimed (it escalates within seconds on the demo policy), one claimed and planned.
    const api = `${consoleStack.caseApiUrl}`;
    const as = (person: Person) => tokenFor(api, person);
    const raise = async (body: object) => {
      const answer = await postJson(`${api}/cases`, { ...tangledLinesCase(), ...body }, await as(actors.dengfengSecretary));
      expect(answer.status).toBe(201);
      return answer.body.id as string;
    };
    // Another person sees a case once the read model has it: a 404 is asked again for a while.
    const act = async (id: string, action: string, person: Person, body: object) =>
      expect(
        await waitFor(
          async () => {
            const { status } = await postJson(`${api}/cases/${id}/actions/${action}`, body, await as(person));
            return status === 404 ? undefined : status;
          },
          { description: `${action} of ${id}`, timeoutMs: 15_000 },
        ),
      ).toBe(200);
    const stamp = Date.now();
    residentCaseId = await raise({ description: `村口路灯不亮 ${stamp}` });
    await raise({ description: `院坝积水已疏通 ${stamp}`, resolvedOnSpot: { summary: '现场组织疏通' } });
    const unclaimed = await raise({ description: `电杆倾斜无人认领 ${stamp}` });
    await act(unclaimed, 'triageCase', actors.laifengTriage, { route: 'district' });
    openCaseId = await raise({ description: `线路杂乱需规范 ${stamp}` });
    await act(openCaseId, 'triageCase', actors.laifengTriage, { route: 'district' });
    await act(openCaseId, 'claimCase', actors.powerHandler, {});
    await act(openCaseId, 'submitHandlingPlan', actors.powerHandler, { plan: '规范整理线路', responsibility: { unit: '运维检修部', personName: '王工' } });
  });

  afterAll(async () => {
    await browser?.close();
    await consoleStack?.stop();
  });

  it('has a walker for every role that signs in', () => {
    expect(Object.keys(walkers).sort()).toEqual(roles.filter((role) => role !== 'system').sort());
  });

  it('finds what it looks for: an id, an English word, and English on a real page', async () => {
    expect(offendingTokens(['登凤村 · dengfeng-secretary', '剩余3天1小时', 'Running 3', '导出 PDF', '490948b1-5f8f-4000-8a03…'], ids)).toEqual([
      'id dengfeng-secretary',
      'word Running',
    ]);
    const { context, page } = await logIn(browser, webUrl, actors.admin, desktop);
    await page.goto(`${webUrl}/ops`);
    await page.getByTestId('language-switch').click();
    expect(offendingTokens(await settled(page), ids)).toEqual(expect.arrayContaining(['word Operations']));
    await context.close();
  });

  it('shows the login list with names, units and titles', async () => {
    const context = await browser.newContext({ viewport: desktop, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    const problems: string[] = [];
    await page.goto(webUrl);
    for (const role of ['town-leader', 'village-secretary', 'department-handler', 'district-leader']) {
      await openLoginUsers(page, role);
      const texts = await settled(page);
      check(problems, `login (${role})`, texts);
      await screenshot(page, shotName('login', `/${role}`));
      await page.keyboard.press('Escape');
    }
    await context.close();
    expect(problems).toEqual([]);
  });

  it.each(Object.entries(walkers))('walks every page of a %s', async (role, person) => {
    const { context, page } = await logIn(browser, webUrl, person, desktop);
    const paths = await menuPaths(page);
    expect(paths.length).toBeGreaterThan(0);
    // The case page too: the resident's own case, and for everyone else the claimed one.
    const problems: string[] = [];
    const casePath = `/cases/${role === 'resident' ? residentCaseId : openCaseId}`;
    for (const path of [...paths, casePath]) {
      await page.goto(`${webUrl}${path}`);
      await page.getByTestId('logout').waitFor();
      check(problems, `${role} ${path}`, await settled(page));
      await screenshot(page, shotName(role, path === casePath ? '/case' : path));
    }
    await context.close();
    expect(problems).toEqual([]);
  });
});
