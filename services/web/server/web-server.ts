import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { createRemoteJWKSet } from 'jose';
import { organisationGrants, TokenVerifier } from '@bishan/auth';
import { workspaceRoot } from '@bishan/config';
import { createDatabase, currentOrganisation, type Database } from '@bishan/db';
import { OidcLogin } from './oidc/oidc-login';
import { registerOidcRoutes } from './oidc/oidc.routes';
import { registerProxy } from './proxy';
import { installSecurityHeaders } from './security-headers';
import { ConsoleSessions } from './session/console-sessions';
import { SessionKeys } from './session/session-keys';
import { SessionStore } from './session/session-store';
import { registerSessionRoutes } from './session/session.routes';
import type { WebConfig } from './web-config';

export const defaultDistDir = () => resolve(workspaceRoot(), 'services/web/dist');

/** How often expired sessions are deleted. */
const SESSION_PRUNE_INTERVAL_MS = 10 * 60_000;

/**
 * The console's one origin: the built single-page app, its client settings, the sign-in routes
 * (sessions kept in the database) and the three services under /api/case, /api/notification and
 * /api/reporting. `db` is the console's own client unless a test passes one.
 */
export async function createWebServer(config: WebConfig, options: { db?: Database } = {}): Promise<FastifyInstance> {
  const distDir = config.distDir ?? defaultDistDir();
  const indexFile = join(distDir, 'index.html');
  if (!existsSync(indexFile))
    throw new Error(`no built console at ${distDir}: run node services/web/scripts/ensure-build.mjs first`);
  const indexHtml = readFileSync(indexFile, 'utf8');
  const db = options.db ?? (await createDatabase(config.databaseUrl));
  const keys = new SessionKeys(config.session.secret, config.session.previousSecret);
  const sessions = new ConsoleSessions(new SessionStore(db, keys), config.tls);

  const app = Fastify({ bodyLimit: 1_048_576 });
  installSecurityHeaders(app, { tls: config.tls });
  // Bodies are forwarded as the browser sent them; the upstream parses and validates.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  registerProxy(app, 'case', config.upstreams.case, sessions);
  registerProxy(app, 'notification', config.upstreams.notification, sessions);
  registerProxy(app, 'reporting', config.upstreams.reporting, sessions);

  let login: OidcLogin | null = null;
  if (config.oidc) {
    const { issuer, audience, jwksUrl, adminIds, client } = config.oidc;
    // The same checks the services make, so a sign-in whose token they would refuse fails here, at once.
    const accessTokens = new TokenVerifier(
      { mode: 'oidc', issuer, audience },
      createRemoteJWKSet(new URL(jwksUrl)),
      organisationGrants(currentOrganisation(db), adminIds),
    );
    login = new OidcLogin(issuer, client, (token) => accessTokens.verifyAccess(token), keys.sealKey);
    registerOidcRoutes(app, login, sessions, { secureCookies: config.tls });
  }
  registerSessionRoutes(app, sessions, {
    devLoginUpstream: config.client.authMode === 'development' ? config.upstreams.case : null,
    endSessionUrl: (idToken) => login?.endSessionUrl(idToken ?? undefined) ?? Promise.resolve(null),
  });

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
        .send({ type: 'about:blank', title: 'not found', status: 404, detail: `no route ${request.method} ${request.url.split('?')[0]}` });
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(indexHtml);
  });

  const pruning = setInterval(() => {
    sessions.store.prune().catch((error: unknown) => app.log.warn({ error: String(error) }, 'pruning sessions failed'));
  }, SESSION_PRUNE_INTERVAL_MS);
  pruning.unref();
  app.addHook('onClose', async () => {
    clearInterval(pruning);
    if (!options.db) await db.$disconnect();
  });
  return app;
}
