import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JWK } from 'jose';

/** A person the issuer's login form offers, with the role and scope claims their tokens carry. */
export interface OidcTestUser {
  id: string;
  name: string;
  role: string;
  scope?: { townId?: string; villageId?: string; departmentId?: string };
}

export interface OidcTestClient {
  clientId: string;
  /** Unset: a public client, authenticated by PKCE alone. */
  clientSecret?: string;
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
}

export interface OidcTestIssuer {
  /** The issuer identifier (its loopback origin); discovery is below it. */
  url: string;
  jwksUrl: string;
  /** Registers (or replaces) a client, e.g. once the console's port is known. */
  registerClient(client: OidcTestClient): void;
  /** Access tokens signed by the issuer's key, as its token endpoint issues them; for API calls in tests. */
  accessTokenFor(user: OidcTestUser): Promise<string>;
  /** End-session requests seen so far, with their query parameters. */
  readonly logouts: URLSearchParams[];
  stop(): Promise<void>;
}

interface PendingCode {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  nonce?: string;
  user: OidcTestUser;
  expiresAt: number;
  used: boolean;
}

const CODE_TTL_MS = 60_000;
const TOKEN_TTL_S = 3600;

/**
 * A small OpenID Connect issuer on loopback for tests: discovery, an authorize endpoint whose login
 * form picks one of the given users (or denies), a token endpoint that checks the code, the client,
 * the redirect URI and the PKCE verifier (S256 only; a code works once), a JWKS with one RS256 key,
 * and an end-session endpoint. Access tokens are JWTs for `audience` carrying the actor claims the
 * services read (role, townId, villageId, departmentId); ID tokens are for the client and echo its nonce.
 */
export async function startOidcTestIssuer(options: {
  users: readonly OidcTestUser[];
  /** The `aud` of access tokens: the services' OIDC_AUDIENCE. */
  audience: string;
  clients?: OidcTestClient[];
}): Promise<OidcTestIssuer> {
  // Loaded on use: jose ships ES modules only, and every suite importing this library would
  // otherwise need Jest to compile it.
  const { exportJWK, generateKeyPair, SignJWT } = await import('jose');
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const kid = randomBytes(8).toString('hex');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const clients = new Map((options.clients ?? []).map((c) => [c.clientId, c]));
  const codes = new Map<string, PendingCode>();
  const logouts: URLSearchParams[] = [];
  let url = '';

  // Access tokens are typed as RFC 9068 has it (at+jwt), ID tokens as plain JWTs: the services refuse the latter.
  const sign = (claims: Record<string, unknown>, subject: string, audience: string, typ: 'at+jwt' | 'JWT') =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid, typ })
      .setIssuer(url)
      .setSubject(subject)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime(`${TOKEN_TTL_S}s`)
      .sign(privateKey);
  const accessTokenFor = (user: OidcTestUser) =>
    sign({ role: user.role, name: user.name, ...user.scope }, user.id, options.audience, 'at+jwt');

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) json(response, 500, { error: 'server_error', error_description: String(error) });
      else response.end();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const requestUrl = new URL(request.url ?? '/', url);
    const route = `${request.method} ${requestUrl.pathname}`;
    if (route === 'GET /.well-known/openid-configuration') {
      return json(response, 200, {
        issuer: url,
        authorization_endpoint: `${url}/authorize`,
        token_endpoint: `${url}/token`,
        jwks_uri: `${url}/jwks`,
        end_session_endpoint: `${url}/logout`,
        response_types_supported: ['code'],
        grant_types_supported: ['authorization_code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
        scopes_supported: ['openid', 'profile'],
      });
    }
    if (route === 'GET /jwks') return json(response, 200, { keys: [jwk] });
    if (route === 'GET /authorize') return authorizeForm(requestUrl.searchParams, response);
    if (route === 'POST /authorize') return authorizeDecision(new URLSearchParams(await bodyOf(request)), response);
    if (route === 'POST /token') return token(request, new URLSearchParams(await bodyOf(request)), response);
    if (route === 'GET /logout') return logout(requestUrl.searchParams, response);
    return json(response, 404, { error: 'not_found' });
  }

  /** Checks what must be right before the issuer may redirect back at all (RFC 6749 §4.1.2.1). */
  function authorizationRequestProblem(params: URLSearchParams): string | null {
    const client = clients.get(params.get('client_id') ?? '');
    if (!client) return `unknown client_id ${params.get('client_id') ?? '(none)'}`;
    if (!client.redirectUris.includes(params.get('redirect_uri') ?? ''))
      return `redirect_uri ${params.get('redirect_uri') ?? '(none)'} is not registered for ${client.clientId}`;
    return null;
  }

  function authorizeForm(params: URLSearchParams, response: ServerResponse): void {
    const problem = authorizationRequestProblem(params);
    if (problem) return html(response, 400, `<h1>Bad request</h1><p>${escape(problem)}</p>`);
    const refusal =
      params.get('response_type') !== 'code'
        ? 'unsupported_response_type'
        : !(params.get('scope') ?? '').split(' ').includes('openid')
          ? 'invalid_scope'
          : params.get('code_challenge_method') !== 'S256' || !params.get('code_challenge')
            ? 'invalid_request'
            : null;
    if (refusal) return redirectBack(response, params, { error: refusal });
    const hidden = ['client_id', 'redirect_uri', 'state', 'nonce', 'code_challenge']
      .map((name) => `<input type="hidden" name="${name}" value="${escape(params.get(name) ?? '')}">`)
      .join('');
    const choices = options.users
      .map((user, index) => `<option value="${index}">${escape(`${user.name} · ${user.id} · ${user.role}`)}</option>`)
      .join('');
    html(
      response,
      200,
      `<h1>Test issuer</h1><form method="post" action="/authorize">${hidden}
<label for="user">User</label> <select id="user" name="user">${choices}</select>
<button type="submit" name="decision" value="allow" id="allow">Sign in</button>
<button type="submit" name="decision" value="deny" id="deny">Deny</button></form>`,
    );
  }

  function authorizeDecision(form: URLSearchParams, response: ServerResponse): void {
    const problem = authorizationRequestProblem(form);
    if (problem) return html(response, 400, `<h1>Bad request</h1><p>${escape(problem)}</p>`);
    if (form.get('decision') !== 'allow') return redirectBack(response, form, { error: 'access_denied' });
    const user = options.users[Number(form.get('user'))];
    if (!user) return html(response, 400, '<h1>Bad request</h1><p>no such user</p>');
    const code = randomBytes(24).toString('base64url');
    codes.set(code, {
      // Checked by authorizationRequestProblem above.
      clientId: form.get('client_id') ?? '',
      redirectUri: form.get('redirect_uri') ?? '',
      codeChallenge: form.get('code_challenge') ?? '',
      nonce: form.get('nonce') ?? undefined,
      user,
      expiresAt: Date.now() + CODE_TTL_MS,
      used: false,
    });
    redirectBack(response, form, { code });
  }

  async function token(request: IncomingMessage, form: URLSearchParams, response: ServerResponse): Promise<void> {
    const refuse = (error: string, description: string, status = 400) =>
      json(response, status, { error, error_description: description });
    const basic = /^Basic (.+)$/i.exec(request.headers.authorization ?? '');
    const [basicId, basicSecret] = basic?.[1]
      ? Buffer.from(basic[1], 'base64').toString().split(':').map(decodeURIComponent)
      : [];
    const clientId = basicId ?? form.get('client_id') ?? '';
    const client = clients.get(clientId);
    if (!client) return refuse('invalid_client', `unknown client ${clientId}`, 401);
    if (client.clientSecret && (basicSecret ?? form.get('client_secret')) !== client.clientSecret)
      return refuse('invalid_client', 'client authentication failed', 401);
    if (form.get('grant_type') !== 'authorization_code')
      return refuse('unsupported_grant_type', 'only authorization_code');
    const pending = codes.get(form.get('code') ?? '');
    if (!pending || pending.expiresAt < Date.now()) return refuse('invalid_grant', 'unknown or expired code');
    if (pending.used) return refuse('invalid_grant', 'the code was already used');
    pending.used = true;
    if (pending.clientId !== clientId) return refuse('invalid_grant', 'the code was issued to another client');
    if (pending.redirectUri !== form.get('redirect_uri')) return refuse('invalid_grant', 'redirect_uri does not match');
    const challenge = createHash('sha256')
      .update(form.get('code_verifier') ?? '')
      .digest('base64url');
    if (challenge !== pending.codeChallenge) return refuse('invalid_grant', 'PKCE verification failed');
    const { user } = pending;
    json(response, 200, {
      access_token: await accessTokenFor(user),
      id_token: await sign({ name: user.name, ...(pending.nonce ? { nonce: pending.nonce } : {}) }, user.id, clientId, 'JWT'),
      token_type: 'Bearer',
      expires_in: TOKEN_TTL_S,
    });
  }

  function logout(params: URLSearchParams, response: ServerResponse): void {
    logouts.push(params);
    const target = params.get('post_logout_redirect_uri');
    const client = clients.get(params.get('client_id') ?? '');
    if (target && client?.postLogoutRedirectUris?.includes(target)) {
      response.writeHead(302, { location: target }).end();
      return;
    }
    html(response, 200, '<h1>Signed out</h1>');
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    jwksUrl: `${url}/jwks`,
    registerClient: (client) => void clients.set(client.clientId, client),
    accessTokenFor,
    logouts,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function redirectBack(response: ServerResponse, params: URLSearchParams, answer: Record<string, string>): void {
  const target = new URL(params.get('redirect_uri') ?? '');
  for (const [name, value] of Object.entries(answer)) target.searchParams.set(name, value);
  const state = params.get('state');
  if (state) target.searchParams.set('state', state);
  response.writeHead(302, { location: target.toString() }).end();
}

function bodyOf(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => resolve(body));
    request.on('error', reject);
  });
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
}

function html(response: ServerResponse, status: number, body: string): void {
  response
    .writeHead(status, { 'content-type': 'text/html; charset=utf-8' })
    .end(`<!doctype html><html><head><meta charset="utf-8"><title>Test issuer</title></head><body>${body}</body></html>`);
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
