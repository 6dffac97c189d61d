import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { createDatabase, type Database } from '@bishan/db';
import { createTestDatabase, type TestDatabase } from '@bishan/testing';
import type { WebConfig } from './web-config';
import { createWebServer } from './web-server';

const devToken = 'eyJhbGciOiJIUzI1NiIsInR5cCI6ImF0K2p3dCJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJl';
const admin = { id: 'admin', role: 'admin', name: '管理员' };

interface Seen {
  method: string;
  url: string;
  authorization: string | null;
  cookie: string | null;
  csrf: string | null;
}

/** A stand-in upstream on loopback: echoes what reached it, streams events, and signs in like the case API's dev login. */
async function startUpstream(): Promise<{ app: FastifyInstance; url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const app = Fastify();
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  app.all('/*', async (request, reply) => {
    const header = (name: string) => (request.headers[name] as string | undefined) ?? null;
    seen.push({ method: request.method, url: request.url, authorization: header('authorization'), cookie: header('cookie'), csrf: header('x-csrf-token') });
    if (request.url === '/auth/dev-login') {
      const body = JSON.parse(String(request.body)) as { userId: string };
      if (body.userId !== 'admin') return reply.code(404).type('application/problem+json').send({ title: 'unknown user', status: 404 });
      return { accessToken: devToken, tokenType: 'Bearer', expiresIn: 3600, actor: admin };
    }
    if (request.url.startsWith('/auth/dev-users')) return { items: [{ id: 'admin', name: '管理员', roles: ['admin'], scope: {} }] };
    if (request.url.startsWith('/problem')) {
      return reply.code(422).type('application/problem+json').send({ title: 'invalid', status: 422, errors: [{ field: 'body.x', message: 'bad' }] });
    }
    if (request.url.startsWith('/events')) {
      reply.raw.writeHead(200, { 'content-type': 'text/event-stream' });
      reply.raw.write('event: notification\ndata: {"n":1}\n\n');
      setTimeout(() => reply.raw.end('event: notification\ndata: {"n":2}\n\n'), 50);
      return reply;
    }
    return reply.header('set-cookie', 'upstream=1').send({
      method: request.method,
      url: request.url,
      body: request.body ?? null,
      authorization: request.headers.authorization ?? null,
      idempotencyKey: request.headers['idempotency-key'] ?? null,
    });
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return { app, url: `http://127.0.0.1:${address.port}`, seen };
}

describe('the console server', () => {
  let upstream: Awaited<ReturnType<typeof startUpstream>>;
  let testDb: TestDatabase;
  let db: Database;
  let distDir: string;
  const servers: FastifyInstance[] = [];

  const configOf = (overrides: Partial<WebConfig> = {}): WebConfig => ({
    nodeEnv: 'test',
    port: 0,
    databaseUrl: testDb.url,
    tls: false,
    session: { secret: 'a session secret for the console suite, 32+', previousSecret: null },
    distDir,
    // The reporting upstream is a closed port: its answers must be a problem document, not a hang.
    upstreams: { case: upstream.url, notification: upstream.url, reporting: 'http://127.0.0.1:9' },
    oidc: null,
    client: { authMode: 'development', oidcIssuer: null, temporalUiUrl: 'http://127.0.0.1:8233', temporalNamespace: 'default' },
    ...overrides,
  });

  /** A console server on loopback (several may share the database, as several instances would). */
  const startConsole = async (overrides: Partial<WebConfig> = {}) => {
    const web = await createWebServer(configOf(overrides), { db });
    await web.listen({ port: 0, host: '127.0.0.1' });
    servers.push(web);
    const address = web.server.address();
    if (!address || typeof address === 'string') throw new Error('no address');
    return `http://127.0.0.1:${address.port}`;
  };

  let base: string;

  beforeAll(async () => {
    upstream = await startUpstream();
    testDb = await createTestDatabase('web-server');
    db = await createDatabase(testDb.url);
    distDir = mkdtempSync(path.join(tmpdir(), 'web-dist-'));
    writeFileSync(path.join(distDir, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(path.join(distDir, 'app.js'), 'console.log(1)');
    base = await startConsole();
  }, 60_000);

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await upstream?.app.close();
    await db?.$disconnect();
    testDb?.remove();
    rmSync(distDir, { recursive: true, force: true });
  });

  /** Signs in through the console's development login; answers the cookie pair and the browser's view. */
  const signIn = async (origin = base) => {
    const answer = await fetch(`${origin}/auth/dev-login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'admin', role: 'admin' }),
    });
    expect(answer.status).toBe(200);
    const setCookie = answer.headers.get('set-cookie') ?? '';
    const body = (await answer.json()) as Record<string, unknown>;
    return { setCookie, cookie: setCookie.split(';')[0]!, body };
  };

  it('signs in on the server: an HttpOnly SameSite cookie, the token kept in the database, encrypted', async () => {
    const { setCookie, cookie, body } = await signIn();
    expect(setCookie).toMatch(/^bishan_session=[\w-]{43}; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax$/);
    // The browser learns who it is and its CSRF token, never the token.
    expect(body).toEqual({ method: 'development', actor: admin, expiresAt: expect.any(String), csrfToken: expect.stringMatching(/^[\w-]{43}$/) });
    expect(JSON.stringify(body)).not.toContain(devToken);
    const rows = await db.consoleSession.findMany();
    const row = rows.find((r) => r.csrfToken === body.csrfToken);
    expect(row).toBeDefined();
    expect(row?.id).not.toContain(cookie.split('=')[1]);
    expect(row?.accessToken).not.toContain(devToken);
    const session = await fetch(`${base}/auth/session`, { headers: { cookie } });
    expect(await session.json()).toEqual(body);
    expect((await fetch(`${base}/auth/session`)).status).toBe(401);
  });

  it('sends the session token upstream, and never the console cookie or CSRF header', async () => {
    const { cookie, body } = await signIn();
    const read = await fetch(`${base}/api/case/cases/abc`, { headers: { cookie: `${cookie}; other=1` } });
    expect(await read.json()).toMatchObject({ authorization: `Bearer ${devToken}` });
    const write = await fetch(`${base}/api/case/cases/abc/actions/claimCase?x=1`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': String(body.csrfToken), 'content-type': 'application/json', 'idempotency-key': 'k-1' },
      body: JSON.stringify({ note: '线路 🔌' }),
    });
    expect(write.status).toBe(200);
    expect(await write.json()).toEqual({
      method: 'POST',
      url: '/cases/abc/actions/claimCase?x=1',
      body: JSON.stringify({ note: '线路 🔌' }),
      authorization: `Bearer ${devToken}`,
      idempotencyKey: 'k-1',
    });
    expect(write.headers.get('set-cookie')).toBeNull();
    const reached = upstream.seen.filter((s) => s.url.startsWith('/cases/abc'));
    expect(reached.every((s) => s.cookie === null && s.csrf === null)).toBe(true);
  });

  it('refuses a write carried by the cookie alone (CSRF), and one with another session\'s token', async () => {
    const first = await signIn();
    const second = await signIn();
    const before = upstream.seen.length;
    const attempts: Record<string, string>[] = [{ cookie: first.cookie }, { cookie: first.cookie, 'x-csrf-token': String(second.body.csrfToken) }];
    for (const headers of attempts) {
      const refused = await fetch(`${base}/api/case/cases`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '{}' });
      expect(refused.status).toBe(403);
      expect(await refused.json()).toMatchObject({ type: 'https://bishan.example/problems/csrf' });
    }
    expect(upstream.seen.length).toBe(before);
    // A program with its own bearer token carries no cookie: nothing to forge, nothing to check.
    const program = await fetch(`${base}/api/case/cases`, { method: 'POST', headers: { authorization: 'Bearer own.token.here' }, body: '{}' });
    expect(await program.json()).toMatchObject({ authorization: 'Bearer own.token.here' });
  });

  it('shares sessions between console instances, and a logout on one ends it on all', async () => {
    const other = await startConsole();
    const { cookie, body } = await signIn(other);
    expect((await fetch(`${base}/auth/session`, { headers: { cookie } })).status).toBe(200);
    expect((await fetch(`${other}/auth/logout`, { method: 'POST', headers: { cookie } })).status).toBe(403);
    const logout = await fetch(`${other}/auth/logout`, { method: 'POST', headers: { cookie, 'x-csrf-token': String(body.csrfToken) } });
    expect(await logout.json()).toEqual({ redirect: '/' });
    expect(logout.headers.get('set-cookie')).toMatch(/^bishan_session=; Path=\/; Max-Age=0/);
    expect((await fetch(`${base}/auth/session`, { headers: { cookie } })).status).toBe(401);
    const after = await fetch(`${base}/api/case/cases/abc`, { headers: { cookie } });
    expect(await after.json()).toMatchObject({ authorization: null });
    expect(await db.consoleSession.count({ where: { csrfToken: String(body.csrfToken) } })).toBe(0);
  });

  it("passes the case API's dev login refusals through, and takes only JSON", async () => {
    const unknown = await fetch(`${base}/auth/dev-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"userId":"nobody"}' });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('set-cookie')).toBeNull();
    const form = await fetch(`${base}/auth/dev-login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'userId=admin' });
    expect(form.status).toBe(415);
    expect(await (await fetch(`${base}/auth/dev-users?role=admin`)).json()).toMatchObject({ items: [{ id: 'admin' }] });
  });

  it("never forwards the case API's /auth, nor any service's docs, metrics or health", async () => {
    const before = upstream.seen.length;
    const paths = [
      '/api/case/auth/dev-login',
      '/api/case/auth/dev-users?role=admin',
      '/api/case/%61uth/dev-users',
      '/api/case/x/../auth/dev-users',
      '/api/case/x/%2e%2e/auth/dev-users',
      '/api/case//auth/dev-users',
      '/api/case/AUTH/dev-users',
      '/api/case/docs',
      '/api/case/docs/openapi.json',
      '/api/notification/metrics',
      '/api/case/health',
      '/api/case/health/ready',
      '/api/notification/%68ealth',
    ];
    for (const p of paths) {
      for (const method of ['GET', 'POST']) {
        const answer = await fetch(`${base}${p}`, { method, ...(method === 'POST' ? { headers: { 'content-type': 'application/json' }, body: '{"userId":"admin"}' } : {}) });
        expect({ p, method, status: answer.status }).toEqual({ p, method, status: 404 });
      }
    }
    // As a raw client could send them, without fetch's own resolution of dot segments.
    const port = new URL(base).port;
    for (const raw of ['/api/case/x/../auth/dev-users', '/api/case/x/%2e%2e/auth/dev-users', '/api/notification/a/../metrics']) {
      const status = await new Promise<number | undefined>((resolve, reject) =>
        get({ host: '127.0.0.1', port, path: raw }, (response) => {
          response.resume();
          resolve(response.statusCode);
        }).on('error', reject),
      );
      expect({ raw, status }).toEqual({ raw, status: 404 });
    }
    expect(upstream.seen.slice(before)).toEqual([]);
    // The console's own health answers, without naming anything behind it.
    expect(await (await fetch(`${base}/health`)).json()).toEqual({ status: 'ok' });
  });

  it('sets the security headers on pages, assets, its own answers and proxied ones', async () => {
    for (const p of ['/', '/cases/x', '/app.js', '/console/config.json', '/auth/session', '/api/case/organisation', '/api/reporting/x']) {
      const answer = await fetch(`${base}${p}`);
      const csp = answer.headers.get('content-security-policy') ?? '';
      expect({ p, csp }).toEqual({ p, csp: expect.stringContaining("script-src 'self';") });
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe/);
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
      expect(answer.headers.get('x-frame-options')).toBe('DENY');
      // Plain http (npm start on loopback): HSTS would be ignored, so it is not sent.
      expect(answer.headers.get('strict-transport-security')).toBeNull();
    }
  });

  it('over TLS: HSTS, and a __Host- cookie that is Secure', async () => {
    const tls = await startConsole({ tls: true });
    expect((await fetch(`${tls}/`)).headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    const { setCookie } = await signIn(tls);
    expect(setCookie).toMatch(/^__Host-bishan_session=[\w-]{43}; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax; Secure$/);
  });

  it("passes an upstream's problem document through unchanged, and streams server-sent events", async () => {
    const answer = await fetch(`${base}/api/notification/problem`);
    expect(answer.status).toBe(422);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(await answer.json()).toMatchObject({ errors: [{ field: 'body.x', message: 'bad' }] });
    const events = await fetch(`${base}/api/notification/events`);
    expect(events.headers.get('content-type')).toContain('text/event-stream');
    const text = await events.text();
    expect(text).toContain('data: {"n":1}');
    expect(text).toContain('data: {"n":2}');
  });

  it('answers 502 with a problem document when an upstream is down', async () => {
    const answer = await fetch(`${base}/api/reporting/reports/summary`);
    expect(answer.status).toBe(502);
    expect(await answer.json()).toMatchObject({ status: 502, title: 'service unavailable' });
  });

  it('serves the app for client routes and assets, and 404 for unknown API paths', async () => {
    const page = await fetch(`${base}/cases/some-id`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('id="root"');
    expect(await (await fetch(`${base}/app.js`)).text()).toBe('console.log(1)');
    expect((await fetch(`${base}/api/unknown/x`)).status).toBe(404);
    expect(await (await fetch(`${base}/console/config.json`)).json()).toMatchObject({ authMode: 'development' });
  });

  it('offers no development login with an issuer', async () => {
    const oidcConsole = await startConsole({ client: { authMode: 'oidc', oidcIssuer: 'http://127.0.0.1:9', temporalUiUrl: 'x', temporalNamespace: 'default' } });
    expect((await fetch(`${oidcConsole}/auth/dev-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"userId":"admin"}' })).status).toBe(404);
    expect((await fetch(`${oidcConsole}/api/case/auth/dev-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"userId":"admin"}' })).status).toBe(404);
  });
});
