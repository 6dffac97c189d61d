import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { TOKEN_VERIFIER, type TokenVerifier } from '@bishan/auth';
import {
  BearerAuthentication,
  authorizationBearerOf,
  publicPaths,
} from '@bishan/service-runtime';

/**
 * The case API's bearer tokens, verified the same way, from the Authorization header only. The
 * event stream, which EventSource opens without headers, takes a one-use ticket instead
 * (StreamTicketGuard): an access token in a URL is accepted nowhere.
 */
@Injectable()
export class TokenAuthGuard implements CanActivate {
  private readonly bearer: BearerAuthentication;

  constructor(@Inject(TOKEN_VERIFIER) verifier: TokenVerifier) {
    this.bearer = new BearerAuthentication(verifier, {
      tokenOf: authorizationBearerOf,
      missingDetail: 'a bearer token is required (Authorization: Bearer <token>)',
      isPublic: publicPaths(/^\/notifications\/stream$/),
    });
  }

  canActivate(context: ExecutionContext): Promise<boolean> {
    return this.bearer.canActivate(context);
  }
}
