import { type CanActivate, type ExecutionContext, Inject, Injectable, createParamDecorator } from '@nestjs/common';
import { TOKEN_VERIFIER, type TokenVerifier } from '@bishan/auth';
import type { Actor } from '@bishan/domain';
import {
  BearerAuthentication,
  authorizationBearerOf,
  publicPaths,
  type AuthenticatedRequest,
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

export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (!actor) throw new Error('CurrentActor used on a route the token guard does not protect');
  return actor;
});
