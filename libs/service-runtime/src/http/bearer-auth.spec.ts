import type { ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { SignJWT } from 'jose';
import { TokenVerifier } from '@bishan/auth';
import { BearerAuthentication, authorizationBearerOf, publicPaths, requireRole, type AuthenticatedRequest } from './bearer-auth';
import { ProblemException } from './problem-details.filter';

const config = { mode: 'development', issuer: 'bishan-dev-login', audience: 'bishan-case-api' } as const;
const secret = new TextEncoder().encode('a development secret of at least 32 bytes');

async function tokenOf(claims: { sub: string; role: string }, key = secret): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ role: claims.role })
    .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
    .setSubject(claims.sub)
    .setIssuer(config.issuer)
    .setAudience(config.audience)
    .setIssuedAt(now)
    .setExpirationTime(now + 60)
    .sign(key);
}

/** A request as Fastify hands it to a guard, and the reply headers the guard sets. */
function contextOf(request: { url: string; authorization?: string; query?: Record<string, unknown> }) {
  const req = {
    url: request.url,
    headers: request.authorization ? { authorization: request.authorization } : {},
    query: request.query ?? {},
  } as unknown as AuthenticatedRequest;
  const headers: Record<string, string> = {};
  const reply = { header: (name: string, value: string) => ((headers[name] = value), reply) };
  const context = {
    switchToHttp: () => ({ getRequest: () => req, getResponse: () => reply }),
  } as unknown as ExecutionContext;
  return { context, request: req, headers };
}

async function refusal(promise: Promise<unknown>): Promise<ProblemException> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof ProblemException)) throw new Error(`expected a problem, got ${String(error)}`);
  return error;
}

describe('BearerAuthentication', () => {
  const auth = new BearerAuthentication(new TokenVerifier(config, secret), {
    tokenOf: (request: FastifyRequest) =>
      authorizationBearerOf(request) ?? ((request.query as { t?: string }).t || undefined),
    missingDetail: 'a token please',
    isPublic: publicPaths(/^\/health/, /^\/open$/),
  });

  it('puts the verified actor on the request, from whichever source the rule reads', async () => {
    const token = await tokenOf({ sub: 'admin', role: 'admin' });
    const byHeader = contextOf({ url: '/x', authorization: `Bearer ${token}` });
    await expect(auth.canActivate(byHeader.context)).resolves.toBe(true);
    expect(byHeader.request.actor).toMatchObject({ id: 'admin', role: 'admin' });
    const byQuery = contextOf({ url: `/x?t=${token}`, query: { t: token } });
    await expect(auth.canActivate(byQuery.context)).resolves.toBe(true);
    expect(byQuery.request.actor).toMatchObject({ id: 'admin' });
  });

  it('refuses a token in the query string on every path, even beside a valid header', async () => {
    const token = await tokenOf({ sub: 'admin', role: 'admin' });
    for (const url of [`/x?access_token=${token}`, `/x?page=1&API_KEY=${token}`, `/health?api_key=${token}`]) {
      const { context, request } = contextOf({ url, authorization: `Bearer ${token}` });
      const problem = (await refusal(auth.canActivate(context))).problem;
      expect(problem).toMatchObject({ status: 400, type: 'https://bishan.example/problems/token-in-url' });
      expect(problem.detail).not.toContain(token);
      expect(request.actor).toBeUndefined();
    }
  });

  it('says when the token expires', async () => {
    const token = await tokenOf({ sub: 'admin', role: 'admin' });
    const { context, request } = contextOf({ url: '/x', authorization: `Bearer ${token}` });
    await auth.canActivate(context);
    const exp = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { exp: number };
    expect(request.tokenExpiresAt).toEqual(new Date(exp.exp * 1000));
  });

  it('lets public paths through without a token, matching the path without its query', async () => {
    const health = contextOf({ url: '/health/ready?verbose=1' });
    await expect(auth.canActivate(health.context)).resolves.toBe(true);
    expect(health.request.actor).toBeUndefined();
    await expect(auth.canActivate(contextOf({ url: '/open' }).context)).resolves.toBe(true);
    // Anchored as written: a public prefix does not open a longer path.
    await expect(refusal(auth.canActivate(contextOf({ url: '/open/more' }).context))).resolves.toBeInstanceOf(
      ProblemException,
    );
  });

  it('answers a missing or malformed token with 401 and a bare Bearer challenge', async () => {
    for (const request of [{ url: '/x' }, { url: '/x', authorization: 'Bearer not-a-jwt' }, { url: '/x', authorization: 'Basic abc' }]) {
      const { context, headers } = contextOf(request);
      const problem = (await refusal(auth.canActivate(context))).problem;
      expect(problem).toEqual({
        type: 'https://bishan.example/problems/unauthenticated',
        title: 'authentication required',
        status: 401,
        detail: 'a token please',
      });
      expect(headers['www-authenticate']).toBe('Bearer');
    }
  });

  it('answers a token it cannot verify with 401, invalid_token and the reason', async () => {
    const forged = await tokenOf({ sub: 'admin', role: 'admin' }, new TextEncoder().encode('another secret of at least 32 bytes!!'));
    const { context, headers, request } = contextOf({ url: '/x', authorization: `Bearer ${forged}` });
    const problem = (await refusal(auth.canActivate(context))).problem;
    expect(problem).toMatchObject({ status: 401, detail: 'the token signature is not valid' });
    expect(headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    expect(request.actor).toBeUndefined();
  });
});

describe('requireRole', () => {
  it('passes the roles named and refuses any other with a 403 naming both', () => {
    expect(() => requireRole({ id: 'a', role: 'admin' }, 'admin', 'district-leader')).not.toThrow();
    let problem: unknown;
    try {
      requireRole({ id: 'r', role: 'resident' }, 'admin', 'district-leader');
    } catch (error) {
      problem = (error as ProblemException).problem;
    }
    expect(problem).toMatchObject({
      status: 403,
      detail: "this needs the role admin or district-leader; 'resident' was presented",
    });
  });
});
