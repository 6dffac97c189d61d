import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { Role } from '@bishan/domain';
import { requireRole, type AuthenticatedRequest } from '@bishan/service-runtime';

/**
 * Who may read the district's figures: every official, as the console's dashboard is offered to
 * every staff role (services/web/src/navigation.tsx). Residents and the workflow's system actor
 * may not: aggregate KPIs, per-leader and per-department rates are the administration's.
 */
export const reportReaders: readonly Role[] = [
  'village-secretary',
  'town-leader',
  'town-triage',
  'department-handler',
  'department-leader',
  'district-leader',
  'top-district-leader',
  'admin',
];

/** Runs after the bearer guard has named the actor. */
@Injectable()
export class ReportReadersGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const actor = context.switchToHttp().getRequest<AuthenticatedRequest>().actor;
    if (!actor) throw new Error('ReportReadersGuard used on a route the bearer guard does not protect');
    requireRole(actor, ...reportReaders);
    return true;
  }
}
