import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { TOKEN_VERIFIER, type TokenVerifier } from '@bishan/auth';
import { BearerAuthentication, authorizationBearerOf, publicPaths } from '@bishan/service-runtime';

/**
 * Readiness, metrics, the API description, the login itself, the district's public shape (names
 * and duties, for pickers before signing in) and the Open311 service list (what can be reported,
 * as 311 clients discover it before signing in) answer without a token.
 */
const isPublic = publicPaths(
  /^\/health/,
  /^\/metrics$/,
  /^\/docs/,
  /^\/auth\//,
  /^\/organisation$/,
  /^\/open311\/v2\/services(\.json|\.xml|\/[^/]+)$/,
);

/** Every other route needs `Authorization: Bearer <jwt>`; the verified actor is put on the request. */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  private readonly bearer: BearerAuthentication;

  constructor(@Inject(TOKEN_VERIFIER) verifier: TokenVerifier) {
    this.bearer = new BearerAuthentication(verifier, {
      tokenOf: bearerTokenOf,
      missingDetail: 'a bearer token is required (Authorization: Bearer <token>)',
      isPublic,
    });
  }

  canActivate(context: ExecutionContext): Promise<boolean> {
    return this.bearer.canActivate(context);
  }
}

/**
 * The token of `Authorization: Bearer`; on the Open311 routes, which 311 clients call with an
 * `api_key` parameter, that parameter in the body (JSON or form) may carry the same token instead —
 * where GeoReport v2 puts it for POST. Never from the query string: BearerAuthentication refuses
 * that outright. A header, once given, is the token even if malformed: it is not silently replaced
 * by `api_key`.
 */
export function bearerTokenOf(request: FastifyRequest): string | undefined {
  const header = authorizationBearerOf(request);
  if (header !== undefined) return header;
  if (!request.url.startsWith('/open311/')) return undefined;
  const body = request.body;
  const apiKey = body && typeof body === 'object' ? (body as Record<string, unknown>).api_key : undefined;
  return typeof apiKey === 'string' ? apiKey : undefined;
}
