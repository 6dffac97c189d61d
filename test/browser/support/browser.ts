import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, errors, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { workspaceRoot } from '@bishan/config';

/** Debian's chromium with the flags this machine needs (docs: INFRA-FACTS.md, "Browsers"). */
export function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath))
    throw new Error(
      `no chromium at ${executablePath}: install Debian's (apt-get install chromium) or set CHROMIUM_PATH`,
    );
  return chromium.launch({
    executablePath,
    headless: true,
    // Chromium writes a download's name in the charset of its locale: under a bare shell's C locale
    // a Chinese name (指标.xlsx) cannot be written and becomes "download". The pages' own locale is
    // each context's (zh-CN).
    env: { ...process.env, LC_ALL: 'C.UTF-8' },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export const phone = { width: 390, height: 844 };
export const desktop = { width: 1366, height: 900 };

/** Screenshots of every page the suite visits, kept out of git under .local/. */
export const screenshotDir = path.join(workspaceRoot(), '.local/screenshots');

/**
 * Saves a full-page screenshot. On a loaded two-core CI machine Chromium has once taken more than
 * 30 s to produce the frame of a page already settled, so a shot gets a minute, and one more try
 * after a timeout, before the walk fails on it.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  const options = {
    path: path.join(screenshotDir, `${name}.png`),
    fullPage: true,
    animations: 'disabled' as const,
  };
  try {
    await page.screenshot({ ...options, timeout: 60_000 });
  } catch (error) {
    if (!(error instanceof errors.TimeoutError)) throw error;
    console.warn(`screenshot ${name}: no frame within 60 s, trying once more`);
    await page.screenshot({ ...options, timeout: 60_000 });
  }
}

/** Picks an option of an antd Select by typing into it, as a keyboard user would. */
export async function choose(
  page: Page,
  label: string,
  typed: string,
  optionText: string | RegExp = typed,
): Promise<void> {
  const field = page.getByLabel(label, { exact: true });
  await field.click();
  await field.fill(typed);
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: optionText })
    .first()
    .waitFor();
  await field.press('Enter');
}

/**
 * Picks the option with this id (`data-id`) from an antd Select that finds options by id as well as
 * by what they show: the login lists show names and titles, never ids.
 */
export async function chooseById(page: Page, label: string, id: string): Promise<void> {
  const field = page.getByLabel(label, { exact: true });
  await field.click();
  await field.fill(id);
  const option = page.locator(`.ant-select-dropdown:visible .ant-select-item-option[data-id="${id}"]`);
  await option.waitFor();
  await option.click();
  // The list closes with an animation: the next Select's list must not be confused with this one
  // (the admin role and the admin user share the id "admin"). Two lists may be closing at once (the
  // previous Select's with this one's; CI once saw both), so each is waited for in turn.
  const closing = page.locator('.ant-select-dropdown:visible');
  while ((await closing.count()) > 0) await closing.first().waitFor({ state: 'hidden' });
}

/** On the login page: chooses the role and opens the list of people who hold it. */
export async function openLoginUsers(page: Page, role: string): Promise<void> {
  await chooseById(page, '角色', role);
  await page.getByLabel('用户', { exact: true }).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().waitFor();
}

/** Signs in through the development login form; resolves on the role's home page. */
export async function logIn(
  browser: Browser,
  webUrl: string,
  person: { id: string; role: string },
  viewport = desktop,
  shotName?: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  await page.goto(webUrl);
  await chooseById(page, '角色', person.role);
  await chooseById(page, '用户', person.id);
  if (shotName) await screenshot(page, shotName);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('logout').waitFor();
  return { context, page };
}
