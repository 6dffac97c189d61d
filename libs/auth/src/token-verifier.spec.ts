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
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
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

  it('refuses a token signed with another secret', async () => {
    const { accessToken } = await issueDevToken(triage, new TextEncoder().encode('x'.repeat(40)), dev);
    await expect(verifier.verify(accessToken)).rejects.toThrow(/signature is not valid/);
  });

  it("refuses a token whose claims name no known role, or the workflow's own system role", async () => {
    for (const role of ['mayor', 'system']) {
      const token = await new SignJWT({ role })
        .setProtectedHeader({ alg: 'HS256' })
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
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
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
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setIssuer(oidc.issuer)
      .setAudience(oidc.audience)
      .setExpirationTime('5m')
      .sign(secret);
    await expect(verifier.verify(hs)).rejects.toBeInstanceOf(InvalidToken);
  });
});
