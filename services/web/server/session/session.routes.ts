import type { FastifyInstance } from 'fastify';
import { problemReply } from '../problem-reply';
import { csrfMatches, type SessionActor } from './session-store';
import { publicView, type ConsoleSessions } from './console-sessions';


export interface SessionRouteOptions {
  /** The case API, whose development login the console's own dev login calls; null outside AUTH_MODE=development. */
  devLoginUpstream: string | null;
  /** The issuer's end-session URL for an OIDC session's ID token, or null. */
  endSessionUrl?: (idToken: string | null) => Promise<string | null>;
}

/**
 * GET /auth/session: who is signed in, and the CSRF token their writes carry (401 when nobody).
 * POST /auth/logout: ends the session in the database and clears the cookie; for an OIDC session it
 * answers the issuer's end-session URL to go on to. With the development login, GET /auth/dev-users
 * and POST /auth/dev-login call the case API's from the server, so the token it signs lands in a
 * session and never reaches the browser (the proxy does not forward the case API's /auth/* at all).
 */
export function registerSessionRoutes(app: FastifyInstance, sessions: ConsoleSessions, options: SessionRouteOptions): void {
  app.get('/auth/session', async (request, reply) => {
    const session = await sessions.of(request);
    if (!session) return problemReply(reply, 401, 'unauthenticated', 'not signed in', 'no console session: sign in');
    return reply.header('cache-control', 'no-store').send(publicView(session));
  });

  app.post('/auth/logout', async (request, reply) => {
    const session = await sessions.of(request);
    if (session && !csrfMatches(session, request.headers['x-csrf-token']))
      return problemReply(reply, 403, 'csrf', 'forbidden', 'a logout needs the session\'s X-CSRF-Token header');
    await sessions.store.end(sessions.cookieOf(request));
    const redirect = session?.method === 'oidc' ? ((await options.endSessionUrl?.(session.idToken)) ?? '/') : '/';
    return reply.header('set-cookie', sessions.clearCookie()).header('cache-control', 'no-store').send({ redirect });
  });

  const upstream = options.devLoginUpstream;
  if (!upstream) return;

  app.get('/auth/dev-users', async (request, reply) => {
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
    try {
      const answer = await fetch(`${upstream}/auth/dev-users${query}`);
      return reply.code(answer.status).type(answer.headers.get('content-type') ?? 'application/json').send(await answer.text());
    } catch (error) {
      return problemReply(reply, 502, 'upstream-unavailable', 'service unavailable', `case service did not answer: ${(error as Error).message}`);
    }
  });

  app.post('/auth/dev-login', async (request, reply) => {
    // JSON only: another site's form cannot send it without a preflight this origin never grants.
    if (!(request.headers['content-type'] ?? '').startsWith('application/json'))
      return problemReply(reply, 415, 'unsupported-media-type', 'unsupported media type', 'the development login takes a JSON body');
    let answer: Response;
    let body: { accessToken?: string; expiresIn?: number; actor?: SessionActor };
    try {
      answer = await fetch(`${upstream}/auth/dev-login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: Buffer.isBuffer(request.body) ? request.body : undefined,
      });
      body = (await answer.json()) as typeof body;
    } catch (error) {
      return problemReply(reply, 502, 'upstream-unavailable', 'service unavailable', `case service did not answer: ${(error as Error).message}`);
    }
    // The case API's refusals (unknown user, role not held, 400s) pass through as its problem documents.
    if (!answer.ok) return reply.code(answer.status).type('application/problem+json').send(body);
    if (!body.accessToken || !body.actor || typeof body.expiresIn !== 'number')
      return problemReply(reply, 502, 'upstream-unavailable', 'service unavailable', 'the development login answered without a token');
    // A sign-in replaces whatever session this browser had.
    await sessions.store.end(sessions.cookieOf(request));
    const { cookie, session } = await sessions.store.open({
      method: 'development',
      actor: body.actor,
      accessToken: body.accessToken,
      expiresAt: new Date(Date.now() + body.expiresIn * 1000),
    });
    return reply
      .header('set-cookie', sessions.setCookie(cookie, session.expiresAt))
      .header('cache-control', 'no-store')
      .send(publicView(session));
  });
}
