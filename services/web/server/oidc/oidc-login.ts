import { createHash, randomBytes } from 'node:crypto';
import { createRemoteJWKSet, EncryptJWT, errors, jwtDecrypt, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { VerifiedAccess } from '@bishan/auth';
import type { OidcClientConfig } from '@bishan/config';
import type { Actor } from '@bishan/domain';

/** Why a sign-in went back to the login page; the console shows a message per code. */
export type OidcFailureCode =
  | 'denied'
  | 'bad-state'
  | 'issuer-unreachable'
  | 'token-refused'
  | 'id-token-invalid'
  | 'access-token-refused';

export class OidcLoginFailure extends Error {
  override readonly name = 'OidcLoginFailure';
  constructor(
    readonly code: OidcFailureCode,
    detail: string,
  ) {
    super(detail);
  }
}

/** What a sign-in yields for the console's session: the access token the services verify, and who it names. */
export interface OidcSession {
  accessToken: string;
  /** When the access token expires (its exp): the session ends then. */
  expiresAt: Date;
  /** Kept only as the end-session endpoint's id_token_hint. */
  idToken: string;
  actor: Actor;
}

interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  end_session_endpoint?: string;
}

/** One sign-in in flight, sealed into the login cookie. */
interface LoginTransaction {
  state: string;
  nonce: string;
  verifier: string;
}

/** Turns the issuer's access token into the actor it names, as the services would (same checks). */
export type AccessTokenVerifier = (token: string) => Promise<VerifiedAccess>;

const LOGIN_TTL_S = 600;
const ISSUER_TIMEOUT_MS = 5_000;

/**
 * The console's side of the authorization-code flow with PKCE. The sign-in in flight (state, nonce,
 * PKCE verifier) lives in an encrypted, expiring cookie, so it survives the minutes a person spends at
 * the issuer without server memory; each state is accepted once. The tokens never reach the
 * browser: the callback puts them in a server-side session (session/session-store.ts).
 */
export class OidcLogin {
  private discovery: Promise<Discovery> | undefined;
  private idTokenKeys: JWTVerifyGetKey | undefined;
  /** States already used, until their cookie would have expired anyway: a replayed callback is refused. */
  private readonly usedStates = new Map<string, number>();

  constructor(
    private readonly issuer: string,
    private readonly client: OidcClientConfig,
    private readonly verifyAccessToken: AccessTokenVerifier,
    /** Key of the login cookie: the session key's, so every console instance opens it (a random one in tests). */
    private readonly sealKey: Uint8Array = randomBytes(32),
    private readonly now: () => number = Date.now,
  ) {}

  /** The issuer's authorization URL for a new sign-in, and the sealed transaction for the login cookie. */
  async start(): Promise<{ authorizationUrl: string; sealed: string; maxAgeSeconds: number }> {
    const discovery = await this.discover();
    const transaction: LoginTransaction = { state: random(), nonce: random(), verifier: random() };
    const url = new URL(discovery.authorization_endpoint);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: this.client.clientId,
      redirect_uri: this.client.redirectUrl,
      scope: this.client.scopes.join(' '),
      state: transaction.state,
      nonce: transaction.nonce,
      code_challenge: createHash('sha256').update(transaction.verifier).digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();
    const sealed = await new EncryptJWT({ ...transaction })
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .setIssuedAt(Math.floor(this.now() / 1000))
      .setExpirationTime(Math.floor(this.now() / 1000) + LOGIN_TTL_S)
      .encrypt(this.sealKey);
    return { authorizationUrl: url.toString(), sealed, maxAgeSeconds: LOGIN_TTL_S };
  }

  /**
   * The callback: the state must match the sealed transaction (and be new), then the code is
   * exchanged with the PKCE verifier, the ID token checked (signature, issuer, audience, nonce) and
   * the access token checked as the services will. Answers what the console's session keeps.
   */
  async finish(query: Record<string, string | undefined>, sealed: string | undefined): Promise<OidcSession> {
    const transaction = await this.unseal(sealed);
    if (!query.state || query.state !== transaction.state)
      throw new OidcLoginFailure('bad-state', 'the answer does not belong to this sign-in (state mismatch)');
    this.forgetExpired();
    if (this.usedStates.has(transaction.state))
      throw new OidcLoginFailure('bad-state', 'this sign-in was already completed');
    this.usedStates.set(transaction.state, this.now() + LOGIN_TTL_S * 1000);
    if (query.error)
      throw new OidcLoginFailure(
        query.error === 'access_denied' ? 'denied' : 'token-refused',
        query.error_description ? `${query.error}: ${query.error_description}` : query.error,
      );
    if (!query.code) throw new OidcLoginFailure('token-refused', 'the issuer answered without a code');

    const discovery = await this.discover();
    const tokens = await this.exchange(discovery, query.code, transaction.verifier);
    const idClaims = await this.verifyIdToken(discovery, tokens.id_token, transaction.nonce);
    let access: VerifiedAccess;
    try {
      access = await this.verifyAccessToken(tokens.access_token);
    } catch (error) {
      throw new OidcLoginFailure('access-token-refused', (error as Error).message);
    }
    if (access.actor.id !== idClaims.sub)
      throw new OidcLoginFailure('access-token-refused', 'the access token names another person than the ID token');
    return { accessToken: tokens.access_token, idToken: tokens.id_token, expiresAt: access.expiresAt, actor: access.actor };
  }

  /** The issuer's end-session URL for this person, or null when the issuer has none (or is away). */
  async endSessionUrl(idTokenHint: string | undefined): Promise<string | null> {
    let discovery: Discovery;
    try {
      discovery = await this.discover();
    } catch {
      return null;
    }
    if (!discovery.end_session_endpoint) return null;
    const url = new URL(discovery.end_session_endpoint);
    url.searchParams.set('client_id', this.client.clientId);
    url.searchParams.set('post_logout_redirect_uri', this.client.postLogoutRedirectUrl);
    if (idTokenHint) url.searchParams.set('id_token_hint', idTokenHint);
    return url.toString();
  }

  private async unseal(sealed: string | undefined): Promise<LoginTransaction> {
    if (!sealed) throw new OidcLoginFailure('bad-state', 'no sign-in in progress in this browser (or it expired)');
    try {
      const { payload } = await jwtDecrypt(sealed, this.sealKey, { currentDate: new Date(this.now()) });
      return payload as unknown as LoginTransaction;
    } catch (error) {
      throw new OidcLoginFailure(
        'bad-state',
        error instanceof errors.JWTExpired ? 'the sign-in took too long; start again' : 'the sign-in cookie is not valid',
      );
    }
  }

  /** Cached once it succeeds; a failure is retried by the next sign-in rather than remembered. */
  private discover(): Promise<Discovery> {
    this.discovery ??= this.fetchDiscovery().catch((error: unknown) => {
      this.discovery = undefined;
      throw error;
    });
    return this.discovery;
  }

  private async fetchDiscovery(): Promise<Discovery> {
    const where = `${this.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    const body = await this.call(where, {});
    const discovery = body as Partial<Discovery>;
    for (const field of ['issuer', 'authorization_endpoint', 'token_endpoint', 'jwks_uri'] as const)
      if (typeof discovery[field] !== 'string')
        throw new OidcLoginFailure('issuer-unreachable', `the issuer's discovery document has no ${field}`);
    // OIDC Discovery §4.3: the document must name the issuer it was fetched for.
    if (discovery.issuer !== this.issuer)
      throw new OidcLoginFailure(
        'issuer-unreachable',
        `the discovery document names issuer ${discovery.issuer}, not the configured ${this.issuer}`,
      );
    return discovery as Discovery;
  }

  private async exchange(
    discovery: Discovery,
    code: string,
    verifier: string,
  ): Promise<{ access_token: string; id_token: string; expires_in?: number }> {
    const form = new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: this.client.redirectUrl,
      code_verifier: verifier,
      client_id: this.client.clientId,
    });
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    if (this.client.clientSecret)
      headers.authorization = `Basic ${Buffer.from(
        `${encodeURIComponent(this.client.clientId)}:${encodeURIComponent(this.client.clientSecret)}`,
      ).toString('base64')}`;
    const body = (await this.call(discovery.token_endpoint, { method: 'POST', headers, body: form })) as Record<
      string,
      unknown
    >;
    if (typeof body.access_token !== 'string' || typeof body.id_token !== 'string')
      throw new OidcLoginFailure('token-refused', 'the token endpoint answered without an access token and an ID token');
    return body as { access_token: string; id_token: string; expires_in?: number };
  }

  private async verifyIdToken(discovery: Discovery, idToken: string, nonce: string): Promise<{ sub: string }> {
    this.idTokenKeys ??= createRemoteJWKSet(new URL(discovery.jwks_uri));
    try {
      const { payload } = await jwtVerify(idToken, this.idTokenKeys, {
        issuer: this.issuer,
        audience: this.client.clientId,
        algorithms: ['RS256', 'PS256', 'ES256', 'EdDSA'],
        requiredClaims: ['sub', 'exp', 'iat'],
        currentDate: new Date(this.now()),
      });
      if (payload.nonce !== nonce) throw new OidcLoginFailure('id-token-invalid', 'the ID token nonce does not match');
      return { sub: String(payload.sub) };
    } catch (error) {
      if (error instanceof OidcLoginFailure) throw error;
      throw new OidcLoginFailure(
        'id-token-invalid',
        error instanceof errors.JWTClaimValidationFailed
          ? `the ID token's ${error.claim} claim is not accepted`
          : `the ID token is not valid (${error instanceof errors.JOSEError ? error.code : (error as Error).message})`,
      );
    }
  }

  /** A JSON call to the issuer; no answer is 'issuer-unreachable', an error answer 'token-refused'. */
  private async call(url: string, init: RequestInit): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(url, { ...init, signal: AbortSignal.timeout(ISSUER_TIMEOUT_MS) });
    } catch (error) {
      const cause = (error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message;
      throw new OidcLoginFailure('issuer-unreachable', `${new URL(url).origin} did not answer: ${cause}`);
    }
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (!response.ok) {
      const answer = body as { error?: string; error_description?: string } | undefined;
      const reason = answer?.error ? `${answer.error}${answer.error_description ? `: ${answer.error_description}` : ''}` : `HTTP ${response.status}`;
      throw new OidcLoginFailure(init.method === 'POST' ? 'token-refused' : 'issuer-unreachable', reason);
    }
    if (body === undefined) throw new OidcLoginFailure('issuer-unreachable', `${url} did not answer JSON`);
    return body;
  }

  private forgetExpired(): void {
    const now = this.now();
    for (const [state, until] of this.usedStates) if (until < now) this.usedStates.delete(state);
  }
}

function random(): string {
  return randomBytes(32).toString('base64url');
}
