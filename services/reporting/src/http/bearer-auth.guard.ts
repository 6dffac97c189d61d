import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { TOKEN_VERIFIER, type TokenVerifier } from '@bishan/auth';
import { BearerAuthentication, authorizationBearerOf, publicPaths } from '@bishan/service-runtime';

/** Readiness, metrics and the API description answer without a token. */
const isPublic = publicPaths(/^\/health/, /^\/metrics$/, /^\/docs/);

/**
 * The case API's bearer tokens, verified the same way, on every other route: the figures are the
 * district's, not public. Only the Authorization header: the console's fetches and downloads set it.
 */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  private readonly bearer: BearerAuthentication;

  constructor(@Inject(TOKEN_VERIFIER) verifier: TokenVerifier) {
    this.bearer = new BearerAuthentication(verifier, {
      tokenOf: authorizationBearerOf,
      missingDetail: 'a bearer token is required (Authorization: Bearer <token>)',
      isPublic,
    });
  }

  canActivate(context: ExecutionContext): Promise<boolean> {
    return this.bearer.canActivate(context);
  }
}
