import type { CaseFact } from '../kpi/kpi-facts';

/** A case fact with nothing happened yet (a meeting case of 登凤村, 来凤街道), plus the given fields. */
export function caseFact(caseId: string, fields: Partial<CaseFact> = {}): CaseFact {
  return {
    caseId,
    category: '道路保洁',
    channel: 'meeting',
    townId: 'laifeng',
    villageId: 'dengfeng',
    handlingLevel: null,
    departmentId: null,
    leaderId: null,
    raisedAt: null,
    resolvedOnSpot: false,
    publishedAt: null,
    claimDueAt: null,
    claimedAt: null,
    claimedLate: null,
    resultReportedAt: null,
    resultOverdue: null,
    deadlinesMissed: 0,
    feedbackAt: null,
    reopenCount: 0,
    closure: null,
    closedAt: null,
    ...fields,
  };
}
