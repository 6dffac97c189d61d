import type { Actor, BishanOrganisation } from '@bishan/domain';
import type { CaseVisibility } from './case-ledger.repository';

/**
 * Which cases an actor may read, by role and organisational scope. Reading is wider than acting
 * (a department sees the published cases it could claim, and those it co-handles) but never leaks
 * another unit's cases.
 * An actor whose token lacks the scope its role needs sees nothing.
 *
 * The one rule for every read of cases and of figures about them: the case API, Open311, the
 * reporting service (case facts, KPIs and their exports) and the reconciliations all apply it.
 */
export function caseVisibilityOf(actor: Actor, org: BishanOrganisation): CaseVisibility {
  switch (actor.role) {
    case 'resident':
      return [{ kind: 'reportedBy', personId: actor.id }];
    case 'village-secretary':
      return actor.villageId ? [{ kind: 'village', villageId: actor.villageId }] : [];
    case 'town-leader':
    case 'town-triage':
      return actor.townId ? [{ kind: 'towns', townIds: [actor.townId] }] : [];
    case 'department-handler':
    case 'department-leader': {
      const department = org.departments.find((d) => d.id === actor.departmentId);
      if (!department) return [];
      return [
        { kind: 'handledBy', departmentIds: [department.id] },
        { kind: 'coHandledBy', departmentIds: [department.id] },
        { kind: 'publishedIn', categories: department.dutyCategories },
      ];
    }
    case 'district-leader': {
      const leader = org.districtLeaders.find((l) => l.id === actor.id);
      if (!leader) return [];
      return [
        { kind: 'towns', townIds: leader.linkedTownIds },
        { kind: 'handledBy', departmentIds: leader.departmentIds },
        { kind: 'coHandledBy', departmentIds: leader.departmentIds },
      ];
    }
    case 'top-district-leader':
    case 'admin':
      return 'all';
    case 'system':
      // The workflow's own actor never reads through the API.
      return [];
  }
}
