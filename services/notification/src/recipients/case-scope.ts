import type { CaseEvent } from '@bishan/contracts';

/** What notification keeps of a case, from the topic alone, to find the people a message is for. */
export interface CaseScope {
  caseId: string;
  category: string;
  townId: string;
  villageId: string;
  reporterIds: string[];
  /** The supervising leaders of the moment: they decide extension requests. */
  supervisorIds: string[];
  leadDepartmentId: string | null;
}

/** The scope after an event; null while the case is unknown (its raise came before this service). */
export function scopeAfter(scope: CaseScope | null, event: CaseEvent): CaseScope | null {
  if (event.type === 'case.raised') {
    const p = event.payload;
    return {
      caseId: event.caseId,
      category: p.category,
      townId: p.location.townId,
      villageId: p.location.villageId,
      reporterIds: [...p.reporterIds],
      supervisorIds: [],
      leadDepartmentId: null,
    };
  }
  if (!scope) return null;
  // Only events that move the lead department or the supervision change what is kept.
  if (event.type === 'case.assigned' || event.type === 'case.flaggedConcentrated')
    return { ...scope, supervisorIds: [...event.payload.supervision.leaderIds] };
  if (event.type === 'case.claimed')
    return {
      ...scope,
      leadDepartmentId: event.payload.leadDepartmentId,
      supervisorIds: [...event.payload.supervision.leaderIds],
    };
  if (event.type === 'case.transferred')
    return {
      ...scope,
      leadDepartmentId: event.payload.toDepartmentId,
      supervisorIds: [...event.payload.supervision.leaderIds],
    };
  if (event.type === 'case.escalated' && event.payload.supervision)
    return { ...scope, supervisorIds: [...event.payload.supervision.leaderIds] };
  return scope;
}
