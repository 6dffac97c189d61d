import { errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { AuthConfig } from '@bishan/config';
import type { Actor } from '@bishan/domain';
import { actorClaims, actorOf } from './actor-claims';
import type { GrantCheck } from './organisation-grants';

/** The shared secret of development tokens, or the issuer's key set (remote JWKS, or a local one in tests). */
export type VerificationKey = Uint8Array | JWTVerifyGetKey;

export class InvalidToken extends Error {
  override readonly name = 'InvalidToken';
}

/** How far the clocks of issuer and service may disagree on exp, nbf and iat. */
export const CLOCK_TOLERANCE_SECONDS = 30;

/** RFC 9068's header type of JWT access tokens; an ID token (typ JWT) or anything else is refused. */
export const ACCESS_TOKEN_TYPE = 'at+jwt';

/** A verified access token: who it names and until when it holds. */
export interface VerifiedAccess {
  actor: Actor;
  expiresAt: Date;
}

/**
 * Verifies a bearer token (signature, issuer, audience, expiry, type) and turns its claims into an
 * actor; with `grants`, the organisation must also give that person the role and place claimed.
 */
export class TokenVerifier {
  constructor(
    private readonly config: Pick<AuthConfig, 'mode' | 'issuer' | 'audience'>,
    private readonly key: VerificationKey,
    private readonly grants?: GrantCheck,
  ) {}

  async verify(token: string): Promise<Actor> {
    return (await this.verifyAccess(token)).actor;
  }

  async verifyAccess(token: string): Promise<VerifiedAccess> {
    const options = {
      issuer: this.config.issuer,
      audience: this.config.audience,
      // Pinned so a token cannot pick its own algorithm (e.g. HS256 signed with a public key).
      algorithms: this.config.mode === 'development' ? ['HS256'] : ['RS256', 'PS256', 'ES256', 'EdDSA'],
      requiredClaims: ['sub', 'exp'],
      typ: ACCESS_TOKEN_TYPE,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    };
    let payload: { exp?: number };
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
    const actor = actorOf(claims.data);
    const refused = await this.grants?.(actor);
    if (refused) throw new InvalidToken(`the token's role is refused: ${refused}`);
    // requiredClaims has made exp present.
    return { actor, expiresAt: new Date((payload.exp ?? 0) * 1000) };
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed)
    return error.claim === 'typ'
      ? `the token is not an access token (typ must be ${ACCESS_TOKEN_TYPE})`
      : `the token's ${error.claim} claim is not accepted`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the token signature is not valid';
  if (error instanceof errors.JOSEError) return `the token is not valid (${error.code})`;
  return 'the token is not valid';
}
