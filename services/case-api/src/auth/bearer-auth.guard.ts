import { type CanActivate, type ExecutionContext, HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { InvalidToken, TOKEN_VERIFIER, type TokenVerifier } from '@bishan/auth';
import { ProblemException } from '@bishan/service-runtime';
import type { AuthenticatedRequest } from './current-actor.decorator';

/**
 * Readiness, metrics, the API description, the login itself, the district's public shape (names
 * and duties, for pickers before signing in) and the Open311 service list (what can be reported,
 * as 311 clients discover it before signing in) answer without a token.
 */
const publicPaths = [
  /^\/health/,
  /^\/metrics$/,
  /^\/docs/,
  /^\/auth\//,
  /^\/organisation$/,
  /^\/open311\/v2\/services(\.json|\/[^/]+)$/,
];

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
    const token = bearerTokenOf(request);
    if (!token) throw unauthorized(reply, 'a bearer token is required (Authorization: Bearer <token>)');
    try {
      request.actor = await this.verifier.verify(token);
    } catch (error) {
      if (error instanceof InvalidToken) throw unauthorized(reply, error.message, 'invalid_token');
      throw error;
    }
    return true;
  }
}

const jwtShape = /^[\w-]+\.[\w-]+\.[\w-]+$/;

/**
 * The token of `Authorization: Bearer`; on the Open311 routes, which 311 clients call with an
 * `api_key` parameter, that parameter (query or JSON body) may carry the same token instead.
 */
function bearerTokenOf(request: AuthenticatedRequest): string | undefined {
  const header = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
  if (header !== undefined) return jwtShape.test(header) ? header : undefined;
  if (!request.url.startsWith('/open311/')) return undefined;
  const apiKey =
    (request.query as Record<string, unknown> | undefined)?.api_key ??
    (request.body as Record<string, unknown> | undefined)?.api_key;
  return typeof apiKey === 'string' && jwtShape.test(apiKey) ? apiKey : undefined;
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
