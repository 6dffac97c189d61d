import { createParamDecorator, type ExecutionContext, HttpStatus } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { InvalidToken, type TokenVerifier } from '@bishan/auth';
import type { Actor, Role } from '@bishan/domain';
import { ProblemException } from './problem-details.filter';

/** Where a bearer guard leaves the verified actor, and when the token that named it expires. */
export interface AuthenticatedRequest extends FastifyRequest {
  actor?: Actor;
  tokenExpiresAt?: Date;
}

/** The actor of the verified bearer token; the service's bearer guard has refused the request before if there is none. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (!actor) throw new Error('CurrentActor used on a route the bearer guard does not protect');
  return actor;
});

/** What differs between the services' bearer guards: where a token may come from, and which paths need none. */
export interface BearerTokenRule {
  /** The token the request presents, unchecked; `undefined` when it presents none. */
  tokenOf(request: FastifyRequest): string | undefined;
  /** The 401's detail when no token of JWT shape is presented: it names where one may be put. */
  missingDetail: string;
  /** Paths (without the query string) that answer without a token; none when absent. */
  isPublic?: (path: string) => boolean;
}

const jwtShape = /^[\w-]+\.[\w-]+\.[\w-]+$/;

/**
 * Query parameters that carry a token by convention (RFC 6750 §2.3, Open311). A URL is written to
 * access logs, proxies and browser histories, so a request that puts a token there is refused
 * outright — on every route, public ones included — rather than quietly ignored.
 */
const tokenQueryParameters = new Set(['access_token', 'api_key']);

/** The token-carrying parameter a URL has in its query string, if any (compared case-insensitively). */
export function tokenParameterInUrl(url: string): string | undefined {
  const query = url.indexOf('?');
  if (query < 0) return undefined;
  for (const name of new URLSearchParams(url.slice(query + 1)).keys())
    if (tokenQueryParameters.has(name.toLowerCase())) return name;
  return undefined;
}

/** The token of `Authorization: Bearer <token>`, if the header has that form. */
export function authorizationBearerOf(request: FastifyRequest): string | undefined {
  return /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
}

/** A public-path rule from patterns matched against the path without its query string. */
export function publicPaths(...patterns: RegExp[]): (path: string) => boolean {
  return (path) => patterns.some((pattern) => pattern.test(path));
}

/**
 * The verify-then-401 part every bearer guard shares: a token of JWT shape is verified and its actor
 * put on the request; anything else is a 401 problem with the RFC 6750 challenge. A service's guard
 * constructs one with its own rule and delegates `canActivate` to it.
 */
export class BearerAuthentication {
  constructor(
    private readonly verifier: TokenVerifier,
    private readonly rule: BearerTokenRule,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const inUrl = tokenParameterInUrl(request.url);
    if (inUrl)
      throw new ProblemException({
        type: 'https://bishan.example/problems/token-in-url',
        title: 'token in the URL',
        status: HttpStatus.BAD_REQUEST,
        detail: `'${inUrl}' in the query string is refused: URLs are logged. Send Authorization: Bearer <token> instead`,
      });
    if (this.rule.isPublic?.(request.url.split('?')[0] ?? request.url)) return true;
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const token = this.rule.tokenOf(request);
    // Anything not shaped like a JWT is treated as no token at all: nothing to tell its sender about.
    if (token === undefined || !jwtShape.test(token)) throw unauthorized(reply, this.rule.missingDetail);
    try {
      const verified = await this.verifier.verifyAccess(token);
      request.actor = verified.actor;
      request.tokenExpiresAt = verified.expiresAt;
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

/** A 403 problem unless the actor holds one of the roles. */
export function requireRole(actor: Actor, ...roles: Role[]): void {
  if (roles.includes(actor.role)) return;
  throw new ProblemException({
    type: 'https://bishan.example/problems/forbidden',
    title: 'forbidden',
    status: HttpStatus.FORBIDDEN,
    detail: `this needs the role ${roles.join(' or ')}; '${actor.role}' was presented`,
  });
}
