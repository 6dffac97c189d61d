import { SignJWT } from 'jose';
import type { AuthConfig } from '@bishan/config';
import type { Actor } from '@bishan/domain';

export interface IssuedToken {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

/** Signs the development login's tokens with the same claims an OIDC issuer is expected to send. */
export async function issueDevToken(
  actor: Actor,
  key: Uint8Array,
  config: Pick<AuthConfig, 'issuer' | 'audience' | 'tokenTtlSeconds'>,
  now = new Date(),
): Promise<IssuedToken> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  const { id, ...claims } = actor;
  const accessToken = await new SignJWT({ ...claims })
    // RFC 9068's type of access tokens: the services accept no other (an ID token is not one).
    .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
    .setSubject(id)
    .setIssuer(config.issuer)
    .setAudience(config.audience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + config.tokenTtlSeconds)
    .sign(key);
  return { accessToken, tokenType: 'Bearer', expiresIn: config.tokenTtlSeconds };
}
