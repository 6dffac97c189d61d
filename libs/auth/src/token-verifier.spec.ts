import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  exportJWK,
  generateKeyPair,
  SignJWT,
  type CryptoKey,
  type JWK,
} from 'jose';
import type { Actor } from '@bishan/domain';
import { InvalidToken, TokenVerifier } from './token-verifier';

const dev = {
  mode: 'development',
  issuer: 'bishan-dev-login',
  audience: 'bishan-case-api',
  tokenTtlSeconds: 3600,
} as const;
const secret = new TextEncoder().encode('a development secret of at least 32 bytes');
const triage = { id: 'laifeng-secretary', role: 'town-triage', name: '张伟', townId: 'laifeng' } as const;

/** Signs the claims the development login sends (its issuer lives in the case API). */
async function issueDevToken(actor: Actor, key: Uint8Array, config: typeof dev, now = new Date()) {
  const issuedAt = Math.floor(now.getTime() / 1000);
  const { id, ...claims } = actor;
  const accessToken = await new SignJWT({ ...claims })
    .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
    .setSubject(id)
    .setIssuer(config.issuer)
    .setAudience(config.audience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + config.tokenTtlSeconds)
    .sign(key);
  return { accessToken };
}

describe('development tokens (HS256)', () => {
  const verifier = new TokenVerifier(dev, secret);

  it('turns a valid token into the actor it names', async () => {
    const { accessToken } = await issueDevToken(triage, secret, dev);
    await expect(verifier.verify(accessToken)).resolves.toEqual(triage);
  });

  it('refuses an expired token', async () => {
    const { accessToken } = await issueDevToken(triage, secret, dev, new Date(Date.now() - 2 * 3600_000));
    await expect(verifier.verify(accessToken)).rejects.toThrow(new InvalidToken('the token has expired'));
  });

  it('allows the clocks 30 seconds of disagreement, and not more', async () => {
    const expiredAgo = (seconds: number) => issueDevToken(triage, secret, dev, new Date(Date.now() - (3600 + seconds) * 1000));
    await expect(verifier.verify((await expiredAgo(20)).accessToken)).resolves.toEqual(triage);
    await expect(verifier.verify((await expiredAgo(40)).accessToken)).rejects.toThrow('the token has expired');
    const notYet = (seconds: number) =>
      new SignJWT({ role: triage.role, townId: triage.townId })
        .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
        .setSubject(triage.id)
        .setIssuer(dev.issuer)
        .setAudience(dev.audience)
        .setNotBefore(Math.floor(Date.now() / 1000) + seconds)
        .setExpirationTime('1h')
        .sign(secret);
    await expect(verifier.verify(await notYet(20))).resolves.toMatchObject({ id: triage.id });
    await expect(verifier.verify(await notYet(40))).rejects.toThrow(/nbf/);
  });

  it('refuses a token that is not typed as an access token (an ID token, or no type at all)', async () => {
    for (const typ of ['JWT', undefined]) {
      const token = await new SignJWT({ role: triage.role, townId: triage.townId })
        .setProtectedHeader(typ ? { alg: 'HS256', typ } : { alg: 'HS256' })
        .setSubject(triage.id)
        .setIssuer(dev.issuer)
        .setAudience(dev.audience)
        .setExpirationTime('1h')
        .sign(secret);
      await expect(verifier.verify(token)).rejects.toThrow('the token is not an access token (typ must be at+jwt)');
    }
    const { accessToken } = await issueDevToken(triage, secret, dev);
    expect(JSON.parse(Buffer.from(accessToken.split('.')[0]!, 'base64url').toString())).toMatchObject({ typ: 'at+jwt' });
  });

  it('answers when the token expires', async () => {
    const issuedAt = new Date();
    const { accessToken } = await issueDevToken(triage, secret, dev, issuedAt);
    const { expiresAt } = await verifier.verifyAccess(accessToken);
    expect(expiresAt.getTime()).toBe((Math.floor(issuedAt.getTime() / 1000) + dev.tokenTtlSeconds) * 1000);
  });

  it('refuses a token signed with another secret', async () => {
    const { accessToken } = await issueDevToken(triage, new TextEncoder().encode('x'.repeat(40)), dev);
    await expect(verifier.verify(accessToken)).rejects.toThrow(/signature is not valid/);
  });

  it("refuses a token whose claims name no known role, or the workflow's own system role", async () => {
    for (const role of ['mayor', 'system']) {
      const token = await new SignJWT({ role })
        .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
        .setSubject('x')
        .setIssuer(dev.issuer)
        .setAudience(dev.audience)
        .setExpirationTime('1h')
        .sign(secret);
      await expect(verifier.verify(token)).rejects.toThrow(/claims do not name an actor: role/);
    }
  });

  it('refuses an unsigned token', async () => {
    const [, payload] = (await issueDevToken(triage, secret, dev)).accessToken.split('.');
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`;
    await expect(verifier.verify(unsigned)).rejects.toBeInstanceOf(InvalidToken);
  });
});

describe('issuer tokens (oidc, JWKS)', () => {
  const oidc = { mode: 'oidc', issuer: 'https://id.bishan.example', audience: 'case-api' } as const;
  let privateKey: CryptoKey;
  let otherKey: CryptoKey;
  let jwks: { keys: JWK[] };

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    privateKey = pair.privateKey;
    otherKey = (await generateKeyPair('ES256')).privateKey;
    jwks = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256' }] };
  });

  const sign = (claims: { iss?: string; aud?: string; exp?: number | string }, key = privateKey) =>
    new SignJWT({ role: 'department-handler', departmentId: 'power-supply' })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1', typ: 'at+jwt' })
      .setSubject('power-supply-handler-1')
      .setIssuer(claims.iss ?? oidc.issuer)
      .setAudience(claims.aud ?? oidc.audience)
      .setExpirationTime(claims.exp ?? '5m')
      .sign(key);

  it('checks signature, issuer, audience and expiry against the key set', async () => {
    const verifier = new TokenVerifier(oidc, createLocalJWKSet(jwks));
    await expect(verifier.verify(await sign({}))).resolves.toEqual({
      id: 'power-supply-handler-1',
      role: 'department-handler',
      departmentId: 'power-supply',
    });
    await expect(verifier.verify(await sign({ iss: 'https://evil.example' }))).rejects.toThrow(
      "the token's iss claim is not accepted",
    );
    await expect(verifier.verify(await sign({ aud: 'reporting' }))).rejects.toThrow(
      "the token's aud claim is not accepted",
    );
    await expect(verifier.verify(await sign({ exp: Math.floor(Date.now() / 1000) - 60 }))).rejects.toThrow(
      'the token has expired',
    );
    await expect(verifier.verify(await sign({}, otherKey))).rejects.toThrow(/signature is not valid/);
  });

  it("fetches the key set from the issuer's JWKS URL", async () => {
    let server: Server | undefined;
    try {
      server = createServer((_request, response) =>
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks)),
      );
      await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      const verifier = new TokenVerifier(
        oidc,
        createRemoteJWKSet(new URL(`http://127.0.0.1:${port}/jwks.json`)),
      );
      await expect(verifier.verify(await sign({}))).resolves.toMatchObject({ id: 'power-supply-handler-1' });
      await expect(verifier.verify(await sign({}, otherKey))).rejects.toBeInstanceOf(InvalidToken);
    } finally {
      await new Promise((resolve) => server?.close(resolve));
    }
  });

  it('refuses an HS256 token even if signed with a key that happens to be known', async () => {
    const verifier = new TokenVerifier(oidc, createLocalJWKSet(jwks));
    const hs = await new SignJWT({ role: 'admin' })
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
      .setSubject('x')
      .setIssuer(oidc.issuer)
      .setAudience(oidc.audience)
      .setExpirationTime('5m')
      .sign(secret);
    await expect(verifier.verify(hs)).rejects.toBeInstanceOf(InvalidToken);
  });
});
