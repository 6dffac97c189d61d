import { type CanActivate, type ExecutionContext, Inject, Injectable, createParamDecorator } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { TOKEN_VERIFIER, type TokenVerifier } from '@bishan/auth';
import type { Actor } from '@bishan/domain';
import { BearerAuthentication, authorizationBearerOf, type AuthenticatedRequest } from '@bishan/service-runtime';

/**
 * The case API's bearer tokens, verified the same way. EventSource cannot set headers, so the token
 * may also come as the `access_token` query parameter (RFC 6750 §2.3).
 */
@Injectable()
export class TokenAuthGuard implements CanActivate {
  private readonly bearer: BearerAuthentication;

  constructor(@Inject(TOKEN_VERIFIER) verifier: TokenVerifier) {
    this.bearer = new BearerAuthentication(verifier, {
      tokenOf: headerOrAccessToken,
      missingDetail:
        'a bearer token is required (Authorization: Bearer <token>, or ?access_token= for event streams)',
    });
  }

  canActivate(context: ExecutionContext): Promise<boolean> {
    return this.bearer.canActivate(context);
  }
}

function headerOrAccessToken(request: FastifyRequest): string | undefined {
  const query = (request.query as Record<string, unknown> | undefined)?.['access_token'];
  return authorizationBearerOf(request) ?? (typeof query === 'string' ? query : undefined);
}

export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (!actor) throw new Error('CurrentActor used on a route the token guard does not protect');
  return actor;
});
