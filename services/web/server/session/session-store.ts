import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Database } from '@bishan/db';
import type { SessionKeys } from './session-keys';

/** The signed-in person as the console's pages show them (the access token's actor). */
export interface SessionActor {
  id: string;
  role: string;
  name?: string;
  townId?: string;
  villageId?: string;
  departmentId?: string;
}

export type SignInMethod = 'development' | 'oidc';

export interface ConsoleSession {
  method: SignInMethod;
  actor: SessionActor;
  /** Sent upstream by the proxy as the bearer token; never to the browser. */
  accessToken: string;
  /** OIDC only: the issuer's end-session hint. */
  idToken: string | null;
  /** What the browser must echo in X-CSRF-Token on a write. */
  csrfToken: string;
  expiresAt: Date;
}

const digest = (cookie: string) => createHash('sha256').update(cookie).digest('hex');

/**
 * Console sessions in the database, so several console instances share them and logging out on
 * one ends the session everywhere. The browser holds only a random cookie value; the table holds
 * its SHA-256 and the tokens encrypted with the session key: neither a stolen cookie jar without
 * the server nor a read of the table alone yields a token.
 */
export class SessionStore {
  constructor(
    private readonly db: Database,
    private readonly keys: SessionKeys,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** A new session; answers the cookie value that names it (shown to nobody but the browser). */
  async open(input: {
    method: SignInMethod;
    actor: SessionActor;
    accessToken: string;
    idToken?: string | null;
    expiresAt: Date;
  }): Promise<{ cookie: string; session: ConsoleSession }> {
    const cookie = randomBytes(32).toString('base64url');
    const session: ConsoleSession = {
      method: input.method,
      actor: input.actor,
      accessToken: input.accessToken,
      idToken: input.idToken ?? null,
      csrfToken: randomBytes(32).toString('base64url'),
      expiresAt: input.expiresAt,
    };
    await this.db.consoleSession.create({
      data: {
        id: digest(cookie),
        method: session.method,
        actor: JSON.stringify(session.actor),
        accessToken: this.keys.encrypt(session.accessToken),
        idToken: session.idToken === null ? null : this.keys.encrypt(session.idToken),
        csrfToken: session.csrfToken,
        createdAt: this.now(),
        expiresAt: session.expiresAt,
      },
    });
    return { cookie, session };
  }

  /** The live session the cookie names; null when unknown, expired, or sealed with a key this console no longer has. */
  async find(cookie: string | undefined): Promise<ConsoleSession | null> {
    if (!cookie || cookie.length > 100) return null;
    const row = await this.db.consoleSession.findUnique({ where: { id: digest(cookie) } });
    if (!row || row.expiresAt <= this.now()) return null;
    const accessToken = this.keys.decrypt(row.accessToken);
    if (accessToken === null) return null;
    return {
      method: row.method as SignInMethod,
      actor: JSON.parse(row.actor) as SessionActor,
      accessToken,
      idToken: row.idToken === null ? null : this.keys.decrypt(row.idToken),
      csrfToken: row.csrfToken,
      expiresAt: row.expiresAt,
    };
  }

  /** Ends the session the cookie names (on every console instance); answers what it was. */
  async end(cookie: string | undefined): Promise<ConsoleSession | null> {
    const session = await this.find(cookie);
    if (cookie && cookie.length <= 100) await this.db.consoleSession.deleteMany({ where: { id: digest(cookie) } });
    return session;
  }

  /** Drops sessions whose token has expired; answers how many. */
  async prune(): Promise<number> {
    return (await this.db.consoleSession.deleteMany({ where: { expiresAt: { lte: this.now() } } })).count;
  }
}

/** The X-CSRF-Token a write carries matches its session's, compared in constant time. */
export function csrfMatches(session: ConsoleSession, presented: string | string[] | undefined): boolean {
  if (typeof presented !== 'string') return false;
  const expected = Buffer.from(session.csrfToken);
  const given = Buffer.from(presented);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
