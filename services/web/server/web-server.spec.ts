import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import type { WebConfig } from './web-config';
import { createWebServer } from './web-server';

/** A stand-in upstream on loopback that echoes what reached it, and streams server-sent events. */
async function startUpstream(): Promise<{ app: FastifyInstance; url: string }> {
  const app = Fastify();
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  app.all('/*', async (request, reply) => {
    if (request.url.startsWith('/problem')) {
      return reply.code(422).type('application/problem+json').send({ title: 'invalid', status: 422, errors: [{ field: 'body.x', message: 'bad' }] });
    }
    if (request.url.startsWith('/events')) {
      reply.raw.writeHead(200, { 'content-type': 'text/event-stream' });
      reply.raw.write('event: notification\ndata: {"n":1}\n\n');
      setTimeout(() => reply.raw.end('event: notification\ndata: {"n":2}\n\n'), 50);
      return reply;
    }
    return {
      method: request.method,
      url: request.url,
      body: request.body ?? null,
      authorization: request.headers.authorization ?? null,
      idempotencyKey: request.headers['idempotency-key'] ?? null,
    };
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return { app, url: `http://127.0.0.1:${address.port}` };
}

describe('the console server', () => {
  let upstream: { app: FastifyInstance; url: string };
  let web: FastifyInstance;
  let distDir: string;

  beforeAll(async () => {
    upstream = await startUpstream();
    distDir = mkdtempSync(path.join(tmpdir(), 'web-dist-'));
    writeFileSync(path.join(distDir, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(path.join(distDir, 'app.js'), 'console.log(1)');
    const config: WebConfig = {
      port: 0,
      distDir,
      // The reporting upstream is a closed port: its answers must be a problem document, not a hang.
      upstreams: { case: upstream.url, notification: upstream.url, reporting: 'http://127.0.0.1:9' },
      oidc: null,
      client: { authMode: 'development', oidcIssuer: null, temporalUiUrl: 'http://127.0.0.1:8233', temporalNamespace: 'default' },
    };
    web = await createWebServer(config);
    await web.listen({ port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    await web?.close();
    await upstream?.app.close();
    rmSync(distDir, { recursive: true, force: true });
  });

  const base = () => {
    const address = web.server.address();
    if (!address || typeof address === 'string') throw new Error('no address');
    return `http://127.0.0.1:${address.port}`;
  };

  it('forwards a POST with its body and headers, the prefix removed', async () => {
    const answer = await fetch(`${base()}/api/case/cases/abc/actions/claimCase?x=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer t0k', 'idempotency-key': 'k-1' },
      body: JSON.stringify({ note: '线路 🔌' }),
    });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({
      method: 'POST',
      url: '/cases/abc/actions/claimCase?x=1',
      body: JSON.stringify({ note: '线路 🔌' }),
      authorization: 'Bearer t0k',
      idempotencyKey: 'k-1',
    });
  });

  it("passes an upstream's problem document through unchanged", async () => {
    const answer = await fetch(`${base()}/api/notification/problem`);
    expect(answer.status).toBe(422);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(await answer.json()).toMatchObject({ errors: [{ field: 'body.x', message: 'bad' }] });
  });

  it('streams server-sent events', async () => {
    const answer = await fetch(`${base()}/api/notification/events`);
    expect(answer.headers.get('content-type')).toContain('text/event-stream');
    const text = await answer.text();
    expect(text).toContain('data: {"n":1}');
    expect(text).toContain('data: {"n":2}');
  });

  it('answers 502 with a problem document when an upstream is down', async () => {
    const answer = await fetch(`${base()}/api/reporting/reports/summary`);
    expect(answer.status).toBe(502);
    expect(await answer.json()).toMatchObject({ status: 502, title: 'service unavailable' });
  });

  it('serves the app for client routes and assets, and 404 for unknown API paths', async () => {
    const page = await fetch(`${base()}/cases/some-id`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('id="root"');
    expect(await (await fetch(`${base()}/app.js`)).text()).toBe('console.log(1)');
    expect((await fetch(`${base()}/api/unknown/x`)).status).toBe(404);
    expect(await (await fetch(`${base()}/console/config.json`)).json()).toMatchObject({ authMode: 'development' });
  });
});
