import type { CaseFact, KpiFacts, MediationFact, MeetingFact, RatingFact } from './kpi-facts';
import { defaultKpiPolicy } from './kpi-policy';
import { computeKpis } from './kpis';
import { caseFact } from '../test-support/kpi-facts';

/**
 * The seed report's figures from facts with its underlying totals, straight through the KPI
 * functions. The totals and how they follow from the report are derived in
 * test/e2e/reporting-seed-events.ts, where the same data set goes through the broker as events.
 */
const totals = {
  meetings: 3126,
  householdsAtHome: 78_200,
  attendees: 71_162,
  casesAtMeetings: 2800,
  resolvedOnSpot: 2506,
  approved: 469,
  dissatisfied: 31,
  closedUnrated: 133,
  stillOpen: 40,
  disputesOnSpot: 1900,
  mediations: 6000,
  mediationsAgreed: 5967,
  mediationsPartial: 21,
};

const day = (n: number) => new Date(Date.UTC(2022, 0, 4) + n * 86_400_000).toISOString();

const blank = (caseId: string, raisedAt: string): CaseFact => caseFact(caseId, { raisedAt });

function seedFacts(): KpiFacts {
  // Households at home split as evenly as whole numbers allow; attendees likewise.
  const share = (total: number, i: number) =>
    Math.floor(total / totals.meetings) + (i < total % totals.meetings ? 1 : 0);
  const meetings: MeetingFact[] = Array.from({ length: totals.meetings }, (_, i) => ({
    meetingId: `m${i}`,
    level: 'village',
    convenerId: 'secretary',
    townId: 'laifeng',
    villageId: 'dengfeng',
    invitedHouseholds: share(totals.householdsAtHome, i) + 3,
    householdsAtHome: share(totals.householdsAtHome, i),
    attendees: share(totals.attendees, i),
    issuesRaised: null,
    resolvedOnSpot: null,
    closedAt: day(i % 340),
  }));
  const cases: CaseFact[] = [];
  const ratings: RatingFact[] = [];
  for (let i = 0; i < totals.casesAtMeetings; i += 1) {
    const at = day(i % 340);
    const onSpot = i < totals.resolvedOnSpot;
    cases.push({
      ...blank(`c${i}`, at),
      category: i < totals.disputesOnSpot ? '邻里纠纷' : '道路保洁',
      resolvedOnSpot: onSpot,
      ...(onSpot ? { closure: 'resolvedOnSpot', closedAt: at } : {}),
    });
  }
  // The loop cases: the meeting ones not solved on the spot first, then online ones.
  const loop = totals.approved + totals.closedUnrated + totals.stillOpen;
  const meetingLoop = cases.filter((c) => !c.resolvedOnSpot).map((c) => c.caseId);
  for (let i = 0; i < loop; i += 1) {
    const caseId = meetingLoop[i] ?? `online${i}`;
    const raisedAt = day(i % 300);
    const closedAt = day((i % 300) + 20);
    const outcome =
      i < totals.approved ? 'approved' : i < totals.approved + totals.closedUnrated ? 'unrated' : 'open';
    const fact: CaseFact = {
      ...blank(caseId, raisedAt),
      channel: caseId.startsWith('online') ? 'onlineGroup' : 'meeting',
      category: '道路保洁',
      reopenCount: outcome === 'approved' && i < totals.dissatisfied ? 1 : 0,
      ...(outcome === 'approved'
        ? { closure: i % 4 === 0 ? 'basicallySatisfied' : 'satisfied', closedAt }
        : {}),
      ...(outcome === 'unrated' ? { closure: 'notRated', closedAt } : {}),
    };
    const index = cases.findIndex((c) => c.caseId === caseId);
    if (index >= 0) cases[index] = fact;
    else cases.push(fact);
    if (fact.reopenCount > 0) ratings.push({ caseId, rating: 'dissatisfied', ratedAt: day((i % 300) + 10) });
    if (outcome === 'approved') ratings.push({ caseId, rating: fact.closure ?? '', ratedAt: closedAt });
  }
  // 调解矛盾纠纷近6000件, 成功率达到99.45%: 6,000 records, 5,967 agreed in full (5,967 / 6,000 = 0.9945
  // exactly), 21 in part, 12 failed; the first ones were mediated at meetings as on-the-spot dispute cases.
  const mediations: MediationFact[] = Array.from({ length: totals.mediations }, (_, i) => ({
    mediationId: `mediation${i}`,
    townId: 'laifeng',
    villageId: 'dengfeng',
    mediatedAt: day(i % 340),
    outcome: i < totals.mediationsAgreed ? 'agreed' : i < totals.mediationsAgreed + totals.mediationsPartial ? 'partial' : 'failed',
    agreementHeld: null,
  }));
  return { cases, ratings, escalations: [], meetings, mediations };
}

describe('the seed report from its totals', () => {
  it('gives 3,126 meetings, 3,108 solved, 89.5 %, 91 %, 93.8 %, 6,000 mediations and 99.45 % exactly', () => {
    const rows = computeKpis(
      seedFacts(),
      { from: '2021-06-17', to: '2023-01-16', granularity: 'range' },
      defaultKpiPolicy,
    );
    expect(rows).toHaveLength(1);
    const f = rows[0]!.figures;
    expect({
      meetingsHeld: f.meetingsHeld,
      casesResolved: f.casesResolved,
      onSiteResolutionRate: f.onSiteResolutionRate.value,
      participationRate: f.participationRate.value,
      approvalRate: f.approvalRate.value,
      mediations: f.mediations,
      mediationSuccessRate: f.mediationSuccessRate.value,
    }).toEqual({
      meetingsHeld: 3126,
      casesResolved: 3108,
      onSiteResolutionRate: 0.895,
      participationRate: 0.91,
      approvalRate: 0.938,
      mediations: 6000,
      mediationSuccessRate: 0.9945,
    });
    expect(f.mediationSuccessRate).toMatchObject({ numerator: 5967, denominator: 6000 });
  });
});
