import type { Directory } from '@bishan/domain';
import { bishanOrganisation } from './bishan-organisation';
import type { BishanOrganisation } from './types';

/**
 * The organisation as the case rules see it. The domain keeps one linked district leader per
 * town (the one an overdue town case escalates to): that is the town's primary link, its
 * highest-ranking linked leader. Town leaders supervise and take escalations of village/town cases;
 * triage members are reminded of triage that falls due (who may triage is checked by the actor's
 * role and town).
 */
export function toDirectory(org: BishanOrganisation): Directory {
  return {
    departments: org.departments.map((d) => ({
      id: d.id,
      name: d.name,
      dutyCategories: [...d.dutyCategories],
      leaderIds: [...d.leaderIds],
      supervisingLeaderId: d.supervisingLeaderId,
    })),
    towns: org.towns.map((t) => {
      const [linkedDistrictLeaderId] = t.linkedDistrictLeaderIds;
      if (!linkedDistrictLeaderId) throw new Error(`town '${t.id}' has no linked district leader`);
      return { id: t.id, name: t.name, leaderIds: [...t.leaderIds], triageMemberIds: [...t.triageMemberIds], linkedDistrictLeaderId };
    }),
    topDistrictLeaderIds: org.topDistrictLeaders.map((l) => l.id),
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

let memo: Directory | undefined;

/** The default directory, built once and frozen: every caller shares the same value. */
export function bishanDirectory(): Directory {
  memo ??= deepFreeze(toDirectory(bishanOrganisation()));
  return memo;
}
