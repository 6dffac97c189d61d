import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { OidcLoginFailure, type OidcLogin } from './oidc-login';

const LOGIN_COOKIE = 'bishan_oidc_login';
const HANDOFF_COOKIE = 'bishan_oidc_handoff';
/** Both cookies go only to the /auth/oidc routes; the app and the API never see them. */
const COOKIE_PATH = '/auth/oidc';

/**
 * GET /auth/oidc/login → the issuer; GET /auth/oidc/callback ← the issuer, then back to the app with
 * a one-time handoff cookie; POST /auth/oidc/session swaps it for the session; POST /auth/oidc/logout
 * → the issuer's end-session endpoint. Every failure returns to the login page with `oidcError`
 * (a code the app words) and `oidcDetail`.
 */
export function registerOidcRoutes(app: FastifyInstance, login: OidcLogin, options: { secureCookies: boolean }): void {
  const cookie = (name: string, value: string, maxAgeSeconds: number) =>
    [
      `${name}=${value}`,
      `Path=${COOKIE_PATH}`,
      `Max-Age=${maxAgeSeconds}`,
      'HttpOnly',
      // Lax, not Strict: the callback is a top-level navigation coming from the issuer's site.
      'SameSite=Lax',
      ...(options.secureCookies ? ['Secure'] : []),
    ].join('; ');
  const backToLogin = (reply: FastifyReply, error: unknown) => {
    const failure =
      error instanceof OidcLoginFailure ? error : new OidcLoginFailure('issuer-unreachable', (error as Error).message);
    app.log.warn({ code: failure.code, detail: failure.message }, 'oidc sign-in failed');
    const query = new URLSearchParams({ oidcError: failure.code, oidcDetail: failure.message });
    return reply.header('cache-control', 'no-store').redirect(`/?${query.toString()}`, 302);
  };

  app.get('/auth/oidc/login', async (_request, reply) => {
    try {
      const { authorizationUrl, sealed, maxAgeSeconds } = await login.start();
      return reply
        .header('set-cookie', cookie(LOGIN_COOKIE, sealed, maxAgeSeconds))
        .header('cache-control', 'no-store')
        .redirect(authorizationUrl, 302);
    } catch (error) {
      return backToLogin(reply, error);
    }
  });

  app.get('/auth/oidc/callback', async (request, reply) => {
    // The sign-in cookie is spent whatever happens next (Fastify appends further set-cookie headers).
    reply.header('set-cookie', cookie(LOGIN_COOKIE, '', 0));
    try {
      const handoff = await login.finish(request.query as Record<string, string | undefined>, cookiesOf(request)[LOGIN_COOKIE]);
      return reply
        .header('set-cookie', cookie(HANDOFF_COOKIE, handoff, login.handoffMaxAgeSeconds))
        .header('cache-control', 'no-store')
        .redirect('/?oidc=complete', 302);
    } catch (error) {
      return backToLogin(reply, error);
    }
  });

  app.post('/auth/oidc/session', async (request, reply) => {
    const session = login.takeHandoff(cookiesOf(request)[HANDOFF_COOKIE]);
    reply.header('set-cookie', cookie(HANDOFF_COOKIE, '', 0)).header('cache-control', 'no-store');
    if (!session)
      return reply.code(401).type('application/problem+json').send({
        type: 'https://bishan.example/problems/no-sign-in-to-complete',
        title: 'no sign-in to complete',
        status: 401,
        detail: 'the sign-in was already completed or has expired; sign in again',
      });
    return session;
  });

  // A form post, so the ID token (the end-session hint) is not put in this origin's URL history.
  app.post('/auth/oidc/logout', async (request, reply) => {
    const body = Buffer.isBuffer(request.body) ? request.body.toString('utf8') : '';
    const target = await login.endSessionUrl(new URLSearchParams(body).get('id_token_hint') ?? undefined);
    return reply.header('cache-control', 'no-store').redirect(target ?? '/', 303);
  });
}

function cookiesOf(request: FastifyRequest): Record<string, string> {
  const found: Record<string, string> = {};
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0) found[part.slice(0, at).trim()] = part.slice(at + 1).trim();
  }
  return found;
}
