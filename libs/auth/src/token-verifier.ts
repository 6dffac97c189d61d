import { errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { AuthConfig } from '@bishan/config';
import type { Actor } from '@bishan/domain';
import { actorClaims, actorOf } from './actor-claims';

/** The shared secret of development tokens, or the issuer's key set (remote JWKS, or a local one in tests). */
export type VerificationKey = Uint8Array | JWTVerifyGetKey;

export class InvalidToken extends Error {
  override readonly name = 'InvalidToken';
}

/** Verifies a bearer token (signature, issuer, audience, expiry) and turns its claims into an actor. */
export class TokenVerifier {
  constructor(
    private readonly config: Pick<AuthConfig, 'mode' | 'issuer' | 'audience'>,
    private readonly key: VerificationKey,
  ) {}

  async verify(token: string): Promise<Actor> {
    const options = {
      issuer: this.config.issuer,
      audience: this.config.audience,
      // Pinned so a token cannot pick its own algorithm (e.g. HS256 signed with a public key).
      algorithms: this.config.mode === 'development' ? ['HS256'] : ['RS256', 'PS256', 'ES256', 'EdDSA'],
      requiredClaims: ['sub', 'exp'],
    };
    let payload: unknown;
    try {
      // Two calls rather than one over a union: jose overloads on the key's type.
      payload =
        this.key instanceof Uint8Array
          ? (await jwtVerify(token, this.key, options)).payload
          : (await jwtVerify(token, this.key, options)).payload;
    } catch (error) {
      throw new InvalidToken(reasonOf(error));
    }
    const claims = actorClaims.safeParse(payload);
    if (!claims.success)
      throw new InvalidToken(
        `the token's claims do not name an actor: ${claims.error.issues.map((i) => i.path.join('.')).join(', ')}`,
      );
    return actorOf(claims.data);
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed)
    return `the token's ${error.claim} claim is not accepted`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the token signature is not valid';
  if (error instanceof errors.JOSEError) return `the token is not valid (${error.code})`;
  return 'the token is not valid';
}
