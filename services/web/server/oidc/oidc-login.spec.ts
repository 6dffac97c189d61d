import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createDatabase, currentOrganisation, type Database } from '@bishan/db';
import { createTestDatabase, startOidcTestIssuer, type OidcTestIssuer, type TestDatabase } from '@bishan/testing';
import type { WebConfig } from '../web-config';
import { createWebServer } from '../web-server';
import { OidcLogin, OidcLoginFailure } from './oidc-login';

const audience = 'bishan-case-api';
const handler = { id: 'power-supply-handler-1', name: '供电所 王工', role: 'department-handler', scope: { departmentId: 'power-supply' } };
// A role the services do not know: the issuer signs it, the console must still refuse it.
const stranger = { id: 'stranger', name: 'Stranger', role: 'astronaut' };
// A role the organisation does not give that person: the issuer says district leader, the district does not.
const pretender = { id: 'power-supply-handler-2', name: '冒充者', role: 'district-leader' };
const redirectUrl = 'http://console.test/auth/oidc/callback';

type Answer = { status: number; location: string; cookies: Record<string, string> };

describe('the console as an OpenID Connect client (code flow with PKCE)', () => {
  let issuer: OidcTestIssuer;
  let distDir: string;
  let testDb: TestDatabase;
  let db: Database;
  const servers: FastifyInstance[] = [];

  const consoleFor = async (issuerUrl: string, jwksUrl: string) => {
    const config: WebConfig = {
      nodeEnv: 'test',
      port: 0,
      databaseUrl: testDb.url,
      tls: false,
      session: { secret: 'the oidc suite session secret, 32 characters+', previousSecret: null },
      distDir,
      upstreams: { case: 'http://127.0.0.1:9', notification: 'http://127.0.0.1:9', reporting: 'http://127.0.0.1:9' },
      oidc: {
        issuer: issuerUrl,
        audience,
        jwksUrl,
        adminIds: ['admin'],
        client: {
          clientId: 'console',
          clientSecret: 'console-secret',
          redirectUrl,
          scopes: ['openid', 'profile'],
          postLogoutRedirectUrl: 'http://console.test/',
        },
      },
      client: { authMode: 'oidc', oidcIssuer: issuerUrl, temporalUiUrl: 'http://127.0.0.1:8233', temporalNamespace: 'default' },
    };
    const web = await createWebServer(config, { db });
    servers.push(web);
    return web;
  };

  beforeAll(async () => {
    issuer = await startOidcTestIssuer({
      users: [handler, stranger, pretender],
      audience,
      clients: [
        { clientId: 'console', clientSecret: 'console-secret', redirectUris: [redirectUrl], postLogoutRedirectUris: ['http://console.test/'] },
      ],
    });
    distDir = mkdtempSync(path.join(tmpdir(), 'web-dist-'));
    writeFileSync(path.join(distDir, 'index.html'), '<!doctype html><div id="root"></div>');
    testDb = await createTestDatabase('oidc-login');
    db = await createDatabase(testDb.url);
    // The organisation the access tokens are checked against is seeded on first read: here, not in a test.
    await currentOrganisation(db)();
  }, 60_000);

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await db?.$disconnect();
    testDb?.remove();
    await issuer?.stop();
    rmSync(distDir, { recursive: true, force: true });
  });

  const answerOf = (response: { statusCode: number; headers: Record<string, unknown> }): Answer => {
    const setCookie = response.headers['set-cookie'];
    const cookies: Record<string, string> = {};
    for (const line of ([] as string[]).concat((setCookie as string | string[] | undefined) ?? [])) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      cookies[pair!.slice(0, at)] = pair!.slice(at + 1);
    }
    return { status: response.statusCode, location: String(response.headers.location ?? ''), cookies };
  };

  /** GET /auth/oidc/login: the authorization URL and the sign-in cookie. */
  const startLogin = async (web: FastifyInstance) => {
    const answer = answerOf(await web.inject({ method: 'GET', url: '/auth/oidc/login' }));
    expect(answer.status).toBe(302);
    return { authorize: new URL(answer.location), loginCookie: answer.cookies.bishan_oidc_login! };
  };

  /** The person at the issuer's form: picks a user (or denies); `tamper` changes what the form posts. */
  const atIssuer = async (authorize: URL, decision: 'allow' | 'deny', user = 0, tamper: Record<string, string> = {}) => {
    const form = await fetch(authorize);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('<select id="user"');
    const fields = new URLSearchParams(authorize.searchParams);
    fields.set('user', String(user));
    fields.set('decision', decision);
    for (const [name, value] of Object.entries(tamper)) fields.set(name, value);
    const back = await fetch(`${issuer.url}/authorize`, { method: 'POST', body: fields, redirect: 'manual' });
    expect(back.status).toBe(302);
    return new URL(back.headers.get('location')!);
  };

  const callback = async (web: FastifyInstance, back: URL, loginCookie: string | undefined) =>
    answerOf(
      await web.inject({
        method: 'GET',
        url: `${back.pathname}${back.search}`,
        headers: loginCookie ? { cookie: `bishan_oidc_login=${loginCookie}` } : {},
      }),
    );

  const errorOf = (answer: Answer) => {
    const url = new URL(answer.location, 'http://console.test');
    return { path: url.pathname, code: url.searchParams.get('oidcError'), detail: url.searchParams.get('oidcDetail') };
  };

  it('signs in: PKCE and state on the way out, a server-side session at the end, and logs out at the issuer', async () => {
    const web = await consoleFor(issuer.url, issuer.jwksUrl);
    const { authorize, loginCookie } = await startLogin(web);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${issuer.url}/authorize`);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: 'console',
      redirect_uri: redirectUrl,
      scope: 'openid profile',
      code_challenge_method: 'S256',
    });
    for (const name of ['state', 'nonce', 'code_challenge']) expect(authorize.searchParams.get(name)).toMatch(/^[\w-]{43}$/);
    // The verifier is not in the URL, and the cookie is sealed: nothing of the transaction is readable.
    expect(loginCookie.split('.')).toHaveLength(5);

    const back = await atIssuer(authorize, 'allow');
    const done = await callback(web, back, loginCookie);
    expect(done.status).toBe(302);
    expect(done.location).toBe('/');
    expect(done.cookies.bishan_oidc_login).toBe('');
    // The tokens stay on the server: the browser gets a session cookie, and no token anywhere.
    const sessionCookie = done.cookies.bishan_session!;
    expect(sessionCookie).toMatch(/^[\w-]{43}$/);
    expect(done.location).not.toContain('token');
    const session = await web.inject({ method: 'GET', url: '/auth/session', headers: { cookie: `bishan_session=${sessionCookie}` } });
    expect(session.statusCode).toBe(200);
    const view = session.json<{ method: string; actor: unknown; expiresAt: string; csrfToken: string }>();
    expect(view).toMatchObject({ method: 'oidc', actor: { id: handler.id, role: handler.role, name: handler.name, departmentId: 'power-supply' } });
    expect(Date.parse(view.expiresAt)).toBeGreaterThan(Date.now());
    expect(session.body).not.toMatch(/eyJ/);
    const stored = await db.consoleSession.findFirst({ where: { csrfToken: view.csrfToken } });
    expect(stored?.method).toBe('oidc');

    // The same callback again (a replayed answer, cookie and all) is refused.
    const replay = errorOf(await callback(web, back, loginCookie));
    expect(replay).toMatchObject({ path: '/', code: 'bad-state', detail: 'this sign-in was already completed' });

    const logout = await web.inject({
      method: 'POST',
      url: '/auth/logout',
      headers: { cookie: `bishan_session=${sessionCookie}`, 'x-csrf-token': view.csrfToken },
    });
    expect(logout.statusCode).toBe(200);
    const endSession = new URL(logout.json<{ redirect: string }>().redirect);
    expect(`${endSession.origin}${endSession.pathname}`).toBe(`${issuer.url}/logout`);
    expect(Object.fromEntries(endSession.searchParams)).toEqual({
      client_id: 'console',
      post_logout_redirect_uri: 'http://console.test/',
      id_token_hint: expect.stringMatching(/^eyJ/),
    });
    expect((await web.inject({ method: 'GET', url: '/auth/session', headers: { cookie: `bishan_session=${sessionCookie}` } })).statusCode).toBe(401);
    expect(await db.consoleSession.count({ where: { csrfToken: view.csrfToken } })).toBe(0);
  });

  it('refuses a wrong state, a missing sign-in cookie, a replayed code, a wrong nonce and a wrong PKCE verifier', async () => {
    const web = await consoleFor(issuer.url, issuer.jwksUrl);

    const first = await startLogin(web);
    const back = await atIssuer(first.authorize, 'allow');
    const forged = new URL(back);
    forged.searchParams.set('state', 'x'.repeat(43));
    expect(errorOf(await callback(web, forged, first.loginCookie))).toMatchObject({ code: 'bad-state' });
    expect(errorOf(await callback(web, back, undefined))).toMatchObject({ code: 'bad-state' });
    expect(errorOf(await callback(web, back, 'not-a-sealed-cookie'))).toMatchObject({ code: 'bad-state' });
    // The state check failed before the code was used: this, the real answer, still signs in.
    expect((await callback(web, back, first.loginCookie)).location).toBe('/');

    // An intercepted code spliced into another sign-in: the issuer refuses it (used, and another verifier).
    const second = await startLogin(web);
    const spliced = new URL(redirectUrl);
    spliced.searchParams.set('code', back.searchParams.get('code')!);
    spliced.searchParams.set('state', second.authorize.searchParams.get('state')!);
    expect(errorOf(await callback(web, spliced, second.loginCookie))).toMatchObject({
      code: 'token-refused',
      detail: 'invalid_grant: the code was already used',
    });

    const third = await startLogin(web);
    const otherNonce = await atIssuer(third.authorize, 'allow', 0, { nonce: 'n'.repeat(43) });
    expect(errorOf(await callback(web, otherNonce, third.loginCookie))).toMatchObject({
      code: 'id-token-invalid',
      detail: 'the ID token nonce does not match',
    });

    const fourth = await startLogin(web);
    const otherChallenge = await atIssuer(fourth.authorize, 'allow', 0, { code_challenge: 'c'.repeat(43) });
    expect(errorOf(await callback(web, otherChallenge, fourth.loginCookie))).toMatchObject({
      code: 'token-refused',
      detail: 'invalid_grant: PKCE verification failed',
    });
  });

  it('returns to the login page with a reason when the person denies, the token names no actor, or the issuer is away', async () => {
    const web = await consoleFor(issuer.url, issuer.jwksUrl);
    const denied = await startLogin(web);
    expect(errorOf(await callback(web, await atIssuer(denied.authorize, 'deny'), denied.loginCookie))).toMatchObject({
      path: '/',
      code: 'denied',
    });

    const strange = await startLogin(web);
    const refused = errorOf(await callback(web, await atIssuer(strange.authorize, 'allow', 1), strange.loginCookie));
    expect(refused.code).toBe('access-token-refused');
    expect(refused.detail).toMatch(/role/);

    // Signed by the issuer, but a role the organisation does not give that person: no session.
    const pretending = await startLogin(web);
    const answer0 = await callback(web, await atIssuer(pretending.authorize, 'allow', 2), pretending.loginCookie);
    expect(errorOf(answer0)).toMatchObject({ code: 'access-token-refused', detail: expect.stringContaining('does not give') });
    expect(answer0.cookies.bishan_session).toBeUndefined();

    const away = await consoleFor('http://127.0.0.1:9', 'http://127.0.0.1:9/jwks');
    const answer = answerOf(await away.inject({ method: 'GET', url: '/auth/oidc/login' }));
    expect(answer.status).toBe(302);
    expect(errorOf(answer)).toMatchObject({ path: '/', code: 'issuer-unreachable' });
    expect(errorOf(answer).detail).toContain('http://127.0.0.1:9 did not answer');
    // Without a session there is nothing to end: logging out just returns to the app.
    const logout = await away.inject({ method: 'POST', url: '/auth/logout' });
    expect(logout.json()).toEqual({ redirect: '/' });
  });

  it('refuses a sign-in that took longer than its ten minutes, and a cookie sealed by another console', async () => {
    let now = Date.now();
    const client = { clientId: 'console', clientSecret: 'console-secret', redirectUrl, scopes: ['openid'], postLogoutRedirectUrl: '/' };
    const neverCalled = () => Promise.reject(new Error('the code must not be exchanged'));
    const login = new OidcLogin(issuer.url, client, neverCalled, undefined, () => now);
    const { authorizationUrl, sealed } = await login.start();
    const state = new URL(authorizationUrl).searchParams.get('state') ?? '';
    now += 11 * 60_000;
    await expect(login.finish({ state, code: 'c' }, sealed)).rejects.toEqual(
      new OidcLoginFailure('bad-state', 'the sign-in took too long; start again'),
    );
    const other = new OidcLogin(issuer.url, client, neverCalled);
    await expect(other.finish({ state, code: 'c' }, sealed)).rejects.toEqual(
      new OidcLoginFailure('bad-state', 'the sign-in cookie is not valid'),
    );
  });
});
