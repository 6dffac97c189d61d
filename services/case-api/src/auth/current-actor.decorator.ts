import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Actor } from '@bishan/domain';
import type { AuthenticatedRequest } from '@bishan/service-runtime';

/** Where the guard leaves the verified actor on the request. */
export type { AuthenticatedRequest };

/** The actor of the verified bearer token; the guard has refused the request before if there is none. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (!actor) throw new Error('CurrentActor used on a route the bearer guard does not protect');
  return actor;
});
