import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { createRemoteJWKSet } from 'jose';
import { TokenVerifier } from '@bishan/auth';
import { workspaceRoot } from '@bishan/config';
import { OidcLogin } from './oidc/oidc-login';
import { registerOidcRoutes } from './oidc/oidc.routes';
import { registerProxy } from './proxy';
import type { WebConfig } from './web-config';

export const defaultDistDir = () => resolve(workspaceRoot(), 'services/web/dist');

/**
 * The console's one origin: the built single-page app, its client settings, and the three
 * services under /api/case, /api/notification and /api/reporting.
 */
export async function createWebServer(config: WebConfig): Promise<FastifyInstance> {
  const distDir = config.distDir ?? defaultDistDir();
  const indexFile = join(distDir, 'index.html');
  if (!existsSync(indexFile))
    throw new Error(`no built console at ${distDir}: run node services/web/scripts/ensure-build.mjs first`);
  const indexHtml = readFileSync(indexFile, 'utf8');

  const app = Fastify({ bodyLimit: 1_048_576 });
  // Bodies are forwarded as the browser sent them; the upstream parses and validates.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  registerProxy(app, 'case', config.upstreams.case);
  registerProxy(app, 'notification', config.upstreams.notification);
  registerProxy(app, 'reporting', config.upstreams.reporting);

  if (config.oidc) {
    const { issuer, audience, jwksUrl, client } = config.oidc;
    // The same checks the services make, so a sign-in whose token they would refuse fails here, at once.
    const accessTokens = new TokenVerifier({ mode: 'oidc', issuer, audience }, createRemoteJWKSet(new URL(jwksUrl)));
    const login = new OidcLogin(issuer, client, (token) => accessTokens.verify(token));
    registerOidcRoutes(app, login, { secureCookies: client.redirectUrl.startsWith('https:') });
  }

  app.get('/console/config.json', async () => config.client);
  app.get('/health', async () => ({ status: 'ok' }));

  await app.register(fastifyStatic, { root: distDir, wildcard: false, index: false });
  // Client-side routes (/cases/…, /inbox…) all answer with the app; unknown API paths stay 404.
  app.setNotFoundHandler((request, reply) => {
    if (
      request.method !== 'GET' ||
      request.url.startsWith('/api/') ||
      request.url.startsWith('/console/') ||
      request.url.startsWith('/auth/')
    )
      return reply
        .code(404)
        .type('application/problem+json')
        .send({ type: 'about:blank', title: 'not found', status: 404, detail: `no route ${request.method} ${request.url}` });
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(indexHtml);
  });
  return app;
}
