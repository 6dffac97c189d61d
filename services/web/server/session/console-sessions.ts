import type { FastifyRequest } from 'fastify';
import type { ConsoleSession, SessionStore } from './session-store';

/** The cookies a request carries, by name (the first of a repeated name wins). */
export function cookiesOf(request: FastifyRequest): Record<string, string> {
  const found: Record<string, string> = {};
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    const name = part.slice(0, at).trim();
    if (at > 0 && !(name in found)) found[name] = part.slice(at + 1).trim();
  }
  return found;
}

/**
 * The session cookie and the store behind it. Over TLS the cookie is `__Host-bishan_session`
 * (Secure, Path=/, no Domain: no other host or plain-http page can set or read it). On plain http —
 * `npm start` on 127.0.0.1 — browsers refuse to keep a Secure cookie, so it is `bishan_session`
 * without Secure; it then crosses the loopback interface in clear, which never leaves the machine.
 * Always HttpOnly (no script reads it) and SameSite=Lax: sent on a top-level navigation back from
 * the issuer, never on another site's POST or fetch; writes need the CSRF token besides.
 */
export class ConsoleSessions {
  readonly cookieName: string;

  constructor(
    readonly store: SessionStore,
    private readonly secure: boolean,
  ) {
    this.cookieName = secure ? '__Host-bishan_session' : 'bishan_session';
  }

  cookieOf(request: FastifyRequest): string | undefined {
    return cookiesOf(request)[this.cookieName];
  }

  of(request: FastifyRequest): Promise<ConsoleSession | null> {
    return this.store.find(this.cookieOf(request));
  }

  /** The Set-Cookie value for a new session, living as long as its token. */
  setCookie(value: string, expiresAt: Date): string {
    const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
    return this.attributes(`${this.cookieName}=${value}`, maxAge);
  }

  clearCookie(): string {
    return this.attributes(`${this.cookieName}=`, 0);
  }

  private attributes(pair: string, maxAgeSeconds: number): string {
    return [pair, 'Path=/', `Max-Age=${maxAgeSeconds}`, 'HttpOnly', 'SameSite=Lax', ...(this.secure ? ['Secure'] : [])].join('; ');
  }
}

/** What the browser learns of its session: never a token. */
export function publicView(session: ConsoleSession) {
  return {
    method: session.method,
    actor: session.actor,
    expiresAt: session.expiresAt.toISOString(),
    csrfToken: session.csrfToken,
  };
}
