import {
  type CanActivate,
  type ExecutionContext,
  HttpStatus,
  Inject,
  Injectable,
  createParamDecorator,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { InvalidToken, TOKEN_VERIFIER, type TokenVerifier } from '@bishan/auth';
import type { Actor, Role } from '@bishan/domain';
import { ProblemException } from '@bishan/service-runtime';

export interface AuthenticatedRequest extends FastifyRequest {
  actor?: Actor;
}

const jwtShape = /^[\w-]+\.[\w-]+\.[\w-]+$/;

/**
 * The case API's bearer tokens, verified the same way. EventSource cannot set headers, so the token
 * may also come as the `access_token` query parameter (RFC 6750 §2.3).
 */
@Injectable()
export class TokenAuthGuard implements CanActivate {
  constructor(@Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const header = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
    const query = (request.query as Record<string, unknown> | undefined)?.['access_token'];
    const token = header ?? (typeof query === 'string' ? query : undefined);
    if (!token || !jwtShape.test(token))
      throw unauthorized(
        reply,
        'a bearer token is required (Authorization: Bearer <token>, or ?access_token= for event streams)',
      );
    try {
      request.actor = await this.verifier.verify(token);
    } catch (error) {
      if (error instanceof InvalidToken) throw unauthorized(reply, error.message, 'invalid_token');
      throw error;
    }
    return true;
  }
}

function unauthorized(reply: FastifyReply, detail: string, error?: 'invalid_token'): ProblemException {
  void reply.header('www-authenticate', error ? `Bearer error="${error}"` : 'Bearer');
  return new ProblemException({
    type: 'https://bishan.example/problems/unauthenticated',
    title: 'authentication required',
    status: HttpStatus.UNAUTHORIZED,
    detail,
  });
}

export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (!actor) throw new Error('CurrentActor used on a route the token guard does not protect');
  return actor;
});

/** Administration (templates, webhooks, deliveries, dead letters) is for the admin role. */
export function requireRole(actor: Actor, ...roles: Role[]): void {
  if (roles.includes(actor.role)) return;
  throw new ProblemException({
    type: 'https://bishan.example/problems/forbidden',
    title: 'forbidden',
    status: HttpStatus.FORBIDDEN,
    detail: `this needs the role ${roles.join(' or ')}; '${actor.role}' was presented`,
  });
}
