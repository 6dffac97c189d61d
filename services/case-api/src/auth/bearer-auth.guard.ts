import { type CanActivate, type ExecutionContext, HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ProblemException } from '@bishan/service-runtime';
import type { AuthenticatedRequest } from './current-actor.decorator';
import { TOKEN_VERIFIER } from './auth-keys.provider';
import { InvalidToken, type TokenVerifier } from './token-verifier';

/** Readiness, metrics, the API description and the login itself answer without a token. */
const publicPaths = [/^\/health/, /^\/metrics$/, /^\/docs/, /^\/auth\//];

export function isPublicPath(url: string): boolean {
  const path = url.split('?')[0] ?? url;
  return publicPaths.some((pattern) => pattern.test(path));
}

/** Every other route needs `Authorization: Bearer <jwt>`; the verified actor is put on the request. */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(@Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (isPublicPath(request.url)) return true;
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const match = /^Bearer ([\w-]+\.[\w-]+\.[\w-]+)$/.exec(request.headers.authorization ?? '');
    if (!match?.[1]) throw unauthorized(reply, 'a bearer token is required (Authorization: Bearer <token>)');
    try {
      request.actor = await this.verifier.verify(match[1]);
    } catch (error) {
      if (error instanceof InvalidToken) throw unauthorized(reply, error.message, 'invalid_token');
      throw error;
    }
    return true;
  }
}

function unauthorized(reply: FastifyReply, detail: string, error?: 'invalid_token'): ProblemException {
  // RFC 6750: the challenge says which scheme, and why a presented token was refused.
  void reply.header('www-authenticate', error ? `Bearer error="${error}"` : 'Bearer');
  return new ProblemException({
    type: 'https://bishan.example/problems/unauthenticated',
    title: 'authentication required',
    status: HttpStatus.UNAUTHORIZED,
    detail,
  });
}
