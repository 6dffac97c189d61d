import type { Browser } from 'playwright-core';
import { bishanOrganisation, seedUsers } from '@bishan/db';
import { startOidcTestIssuer, type OidcTestIssuer, type OidcTestUser } from '@bishan/testing';
import { desktop, launchChromium, screenshot } from './support/browser';
import { startConsoleStack, type ConsoleStack } from './support/console-stack';

const audience = 'bishan-case-api';
const handlerId = 'power-supply-handler-1';

/** Seeded people as the issuer knows them: each in their first role, with the scope claims the services read. */
function issuerUsers(ids: string[]): OidcTestUser[] {
  const seeded = seedUsers(bishanOrganisation());
  return ids.map((id) => {
    const user = seeded.find((u) => u.id === id);
    if (!user?.roles[0]) throw new Error(`${id} is not a seeded user with a role`);
    return { id: user.id, name: user.name, role: user.roles[0], scope: { ...user.scope } };
  });
}

describe('signing in to the console through an OpenID Connect issuer', () => {
  let issuer: OidcTestIssuer;
  let consoleStack: ConsoleStack;
  let browser: Browser;
  let webUrl: string;

  const users = issuerUsers(['resident-dengfeng-1', handlerId]);

  beforeAll(async () => {
    issuer = await startOidcTestIssuer({ users, audience });
    [consoleStack, browser] = await Promise.all([
      startConsoleStack('browser-oidc', {
        // The services trust only the issuer's keys: no development login anywhere in this stack.
        env: { AUTH_MODE: 'oidc', OIDC_ISSUER: issuer.url, OIDC_AUDIENCE: audience, OIDC_JWKS_URL: issuer.jwksUrl },
        webEnv: (url) => ({
          OIDC_CLIENT_ID: 'bishan-console',
          OIDC_CLIENT_SECRET: 'console-test-secret',
          OIDC_REDIRECT_URL: `${url}/auth/oidc/callback`,
        }),
      }),
      launchChromium(),
    ]);
    webUrl = consoleStack.webUrl;
    issuer.registerClient({
      clientId: 'bishan-console',
      clientSecret: 'console-test-secret',
      redirectUris: [`${webUrl}/auth/oidc/callback`],
      postLogoutRedirectUris: [`${webUrl}/`],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await consoleStack?.stop();
    await issuer?.stop();
  });

  it('logs a department handler in at the issuer into a server-side session, loads their inbox, and logs out there', async () => {
    const context = await browser.newContext({ viewport: desktop, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    const navigations: string[] = [];
    page.on('request', (request) => {
      if (request.isNavigationRequest()) navigations.push(request.url());
    });

    // The development login is gone: the console offers none, and never forwards the case API's.
    expect((await fetch(`${webUrl}/api/case/auth/dev-users?role=resident`)).status).toBe(404);
    expect((await fetch(`${webUrl}/auth/dev-users?role=resident`)).status).toBe(404);

    // Refusing at the issuer comes back to the login page with a reason.
    await page.goto(webUrl);
    await page.getByTestId('oidc-login').waitFor();
    await screenshot(page, 'oidc-login');
    await page.getByTestId('oidc-login').click();
    await page.waitForURL(`${issuer.url}/authorize?*`);
    await page.locator('#deny').click();
    await page.getByTestId('oidc-error').waitFor();
    expect(await page.getByTestId('oidc-error').innerText()).toContain('您在认证页面取消了登录');
    expect(page.url()).toBe(`${webUrl}/`);
    await screenshot(page, 'oidc-login-denied');

    await page.getByTestId('oidc-login').click();
    await page.waitForURL(`${issuer.url}/authorize?*`);
    await screenshot(page, 'oidc-issuer');
    const handler = users.find((u) => u.id === handlerId)!;
    await page.locator('#user').selectOption({ label: `${handler.name} · ${handler.id} · ${handler.role}` });
    // The inbox's first ledger call, as the browser sends it: through the console's proxy to the case API.
    const ledger = page.waitForResponse((response) => response.url().includes('/api/case/cases') && response.request().method() === 'GET');
    await page.locator('#allow').click();

    await page.waitForURL(`${webUrl}/inbox`);
    const answer = await ledger;
    expect(answer.status()).toBe(200);
    // The browser sends no token: its session cookie, which the console's proxy turns into the bearer token.
    expect(await answer.request().headerValue('authorization')).toBeNull();
    await page.getByTestId('claim-pool').waitFor();
    await page.getByTestId('my-handling').waitFor();
    expect(await page.getByTestId('user-menu').innerText()).toContain('部门经办人');
    const [sessionCookie] = (await context.cookies()).filter((c) => c.name === 'bishan_session');
    expect(sessionCookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    // Nothing a script could read holds a token: no storage, no readable cookie, no URL.
    const readable = await page.evaluate<string>('JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, cookie: document.cookie })');
    expect(readable).not.toMatch(/eyJ/);
    expect(readable).not.toContain(sessionCookie!.value);
    expect(navigations.some((url) => url.startsWith(`${webUrl}/auth/oidc/callback?code=`))).toBe(true);
    expect(navigations.filter((url) => /eyJ/.test(url))).toEqual([]);
    expect(page.url()).toBe(`${webUrl}/inbox`);
    await screenshot(page, 'oidc-landing');

    // Logging out goes by the issuer's end-session endpoint, which sends the browser back here.
    const endSession = page.waitForRequest((request) => request.url().startsWith(`${issuer.url}/logout?`));
    const backHome = page.waitForResponse(
      (response) => response.url() === `${webUrl}/` && response.request().isNavigationRequest(),
    );
    await page.getByTestId('logout').click();
    const hint = new URL((await endSession).url()).searchParams;
    expect(hint.get('client_id')).toBe('bishan-console');
    expect(hint.get('id_token_hint')).toBeTruthy();
    await backHome;
    await page.getByTestId('oidc-login').waitFor();
    expect(issuer.logouts).toHaveLength(1);
    expect(page.url()).toBe(`${webUrl}/`);
    // The session ended on the server: its cookie no longer opens anything.
    const after = await fetch(`${webUrl}/auth/session`, { headers: { cookie: `bishan_session=${sessionCookie!.value}` } });
    expect(after.status).toBe(401);
    await context.close();
  });
});
