import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '@bishan/domain';

/** Where the guard leaves the verified actor on the request. */
export interface AuthenticatedRequest extends FastifyRequest {
  actor?: Actor;
}

/** The actor of the verified bearer token; the guard has refused the request before if there is none. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (!actor) throw new Error('CurrentActor used on a route the bearer guard does not protect');
  return actor;
});
