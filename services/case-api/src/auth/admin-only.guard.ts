import { type CanActivate, type ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { ProblemException } from '@bishan/service-runtime';
import type { AuthenticatedRequest } from '@bishan/service-runtime';

/** Administration is for the admin role only; it runs after the bearer guard has named the actor. */
@Injectable()
export class AdminOnlyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const actor = context.switchToHttp().getRequest<AuthenticatedRequest>().actor;
    if (actor?.role === 'admin') return true;
    throw new ProblemException({
      type: 'https://bishan.example/problems/forbidden',
      title: 'forbidden',
      status: HttpStatus.FORBIDDEN,
      detail: `administration needs the admin role; ${actor ? `'${actor.role}'` : 'no role'} was presented`,
    });
  }
}
