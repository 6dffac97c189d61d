import type { FastifyInstance, FastifyReply } from 'fastify';
import { cookiesOf, type ConsoleSessions } from '../session/console-sessions';
import { OidcLoginFailure, type OidcLogin } from './oidc-login';

const LOGIN_COOKIE = 'bishan_oidc_login';
/** The sign-in cookie goes only to the /auth/oidc routes; the app and the API never see it. */
const COOKIE_PATH = '/auth/oidc';

/**
 * GET /auth/oidc/login → the issuer; GET /auth/oidc/callback ← the issuer, which opens the console's
 * server-side session (the tokens stay on the server; the browser gets the session cookie) and
 * returns to the app. Logging out is the session's own POST /auth/logout, which answers the issuer's
 * end-session URL. Every failure returns to the login page with `oidcError` (a code the app words)
 * and `oidcDetail` (for the server's log and the curious; the page shows only its own words).
 */
export function registerOidcRoutes(
  app: FastifyInstance,
  login: OidcLogin,
  sessions: ConsoleSessions,
  options: { secureCookies: boolean },
): void {
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
      const signedIn = await login.finish(request.query as Record<string, string | undefined>, cookiesOf(request)[LOGIN_COOKIE]);
      // A sign-in replaces whatever session this browser had.
      await sessions.store.end(sessions.cookieOf(request));
      const { cookie: value, session } = await sessions.store.open({
        method: 'oidc',
        actor: signedIn.actor,
        accessToken: signedIn.accessToken,
        idToken: signedIn.idToken,
        expiresAt: signedIn.expiresAt,
      });
      return reply
        .header('set-cookie', sessions.setCookie(value, session.expiresAt))
        .header('cache-control', 'no-store')
        .redirect('/', 302);
    } catch (error) {
      return backToLogin(reply, error);
    }
  });
}
