import type { CaseFact, KpiFacts, MediationFact, MeetingFact } from './kpi-facts';
import { periodOf } from './kpi-period';
import { checkKpiPolicy, defaultKpiPolicy, type KpiPolicy } from './kpi-policy';
import { computeKpis, mean, median, rate, type KpiQuery } from './kpis';
import { caseFact } from '../test-support/kpi-facts';

const aCase = (caseId: string, fields: Partial<CaseFact>): CaseFact => caseFact(caseId, fields);

const aMeeting = (meetingId: string, fields: Partial<MeetingFact>): MeetingFact => ({
  meetingId,
  level: 'village',
  convenerId: 'sec-dengfeng',
  townId: 'laifeng',
  villageId: 'dengfeng',
  invitedHouseholds: 40,
  householdsAtHome: null,
  attendees: null,
  issuesRaised: null,
  resolvedOnSpot: null,
  closedAt: null,
  ...fields,
});

const noFacts: KpiFacts = { cases: [], ratings: [], escalations: [], meetings: [] };
const march: KpiQuery = { from: '2025-03-01', to: '2025-04-01', granularity: 'range' };
const only = (facts: Partial<KpiFacts>, query: KpiQuery = march, policy: KpiPolicy = defaultKpiPolicy) => {
  const rows = computeKpis({ ...noFacts, ...facts }, query, policy);
  expect(rows).toHaveLength(1);
  return rows[0]!.figures;
};

describe('periods (Asia/Shanghai)', () => {
  const everything = { from: '2000-01-01', to: '2100-01-01' };

  it('puts 23:30 Beijing time on 31 March in March, though it is still 31 March 15:30 UTC', () => {
    expect(periodOf('2025-03-31T15:30:00.000Z', 'month', everything)?.key).toBe('2025-03');
    expect(periodOf('2025-03-31T16:00:00.000Z', 'month', everything)?.key).toBe('2025-04');
  });

  it('cuts months, quarters and years with exclusive ends, December rolling into January', () => {
    expect(periodOf('2025-12-10T00:00:00Z', 'month', everything)).toEqual({
      key: '2025-12',
      from: '2025-12-01',
      to: '2026-01-01',
    });
    expect(periodOf('2025-05-10T00:00:00Z', 'quarter', everything)).toEqual({
      key: '2025-Q2',
      from: '2025-04-01',
      to: '2025-07-01',
    });
    expect(periodOf('2025-12-31T15:59:59Z', 'quarter', everything)?.key).toBe('2025-Q4');
    expect(periodOf('2025-12-31T16:00:00Z', 'year', everything)).toEqual({
      key: '2026',
      from: '2026-01-01',
      to: '2027-01-01',
    });
  });

  it('keeps a custom range as one period and leaves out what falls outside it', () => {
    const range = { from: '2025-03-10', to: '2025-03-20' };
    expect(periodOf('2025-03-09T16:00:00Z', 'range', range)).toEqual({
      key: '2025-03-10..2025-03-20',
      ...range,
    });
    expect(periodOf('2025-03-09T15:59:59Z', 'range', range)).toBeNull();
    expect(periodOf('2025-03-19T16:00:00Z', 'range', range)).toBeNull();
  });
});

describe('computeKpis', () => {
  it('counts meetings held by when they closed, and participation over meetings with attendance', () => {
    const figures = only({
      meetings: [
        aMeeting('m1', { closedAt: '2025-03-02T04:00:00Z', householdsAtHome: 30, attendees: 27 }),
        aMeeting('m2', { closedAt: '2025-03-05T04:00:00Z', householdsAtHome: 20, attendees: 19 }),
        aMeeting('m3', { closedAt: '2025-03-06T04:00:00Z' }), // attendance never recorded: held, not in the rate
        aMeeting('m4', {}), // still open
        aMeeting('m5', { closedAt: '2025-04-01T00:00:00Z', householdsAtHome: 10, attendees: 0 }), // April in Shanghai
      ],
    });
    expect(figures.meetingsHeld).toBe(3);
    expect(figures.participationRate).toEqual({ numerator: 46, denominator: 50, value: 0.92 });
  });

  it('rates on-site resolution over cases raised at meetings, by the period they were raised in', () => {
    const figures = only({
      cases: [
        aCase('c1', {
          raisedAt: '2025-03-02T02:00:00Z',
          resolvedOnSpot: true,
          closure: 'resolvedOnSpot',
          closedAt: '2025-03-02T02:00:00Z',
        }),
        aCase('c2', {
          raisedAt: '2025-03-02T02:00:00Z',
          resolvedOnSpot: true,
          closure: 'resolvedOnSpot',
          closedAt: '2025-03-02T02:00:00Z',
        }),
        aCase('c3', { raisedAt: '2025-03-02T02:00:00Z' }),
        aCase('c4', { raisedAt: '2025-03-02T02:00:00Z', channel: 'onlineGroup' }),
        aCase('c5', {
          raisedAt: '2025-02-27T02:00:00Z',
          closure: 'satisfied',
          closedAt: '2025-03-10T02:00:00Z',
        }),
      ],
    });
    expect(figures.casesRaised).toBe(4);
    expect(figures.casesRaisedAtMeetings).toBe(3);
    expect(figures.resolvedOnSpot).toBe(2);
    expect(figures.onSiteResolutionRate).toEqual({ numerator: 2, denominator: 3, value: 2 / 3 });
    expect(figures.casesResolved).toBe(3);
  });

  it('measures claims against the claim deadline, results against the handling deadline, in hours', () => {
    const figures = only({
      cases: [
        aCase('c1', {
          publishedAt: '2025-03-03T00:00:00Z',
          claimDueAt: '2025-03-05T00:00:00Z',
          claimedAt: '2025-03-04T00:00:00Z',
        }),
        aCase('c2', {
          publishedAt: '2025-03-03T00:00:00Z',
          claimDueAt: '2025-03-05T00:00:00Z',
          claimedAt: '2025-03-05T00:00:00Z',
        }),
        aCase('c3', {
          publishedAt: '2025-03-03T00:00:00Z',
          claimDueAt: '2025-03-05T00:00:00Z',
          claimedAt: '2025-03-09T00:00:00Z',
        }),
        aCase('c4', {
          resultReportedAt: '2025-03-20T00:00:00Z',
          resultOverdue: false,
          feedbackAt: '2025-03-21T00:00:00Z',
        }),
        aCase('c5', { resultReportedAt: '2025-03-20T00:00:00Z', resultOverdue: true }),
      ],
    });
    expect(figures.onTimeClaimRate).toEqual({ numerator: 2, denominator: 3, value: 2 / 3 });
    expect(figures.meanHoursToClaim).toBe((24 + 48 + 144) / 3);
    expect(figures.medianHoursToClaim).toBe(48);
    expect(figures.onTimeCompletionRate).toEqual({ numerator: 1, denominator: 2, value: 0.5 });
    expect(figures.responseRate).toEqual({ numerator: 1, denominator: 2, value: 0.5 });
  });

  it('counts escalations by step and the cases escalated, by when they were escalated', () => {
    const figures = only({
      cases: [
        aCase('c1', { raisedAt: '2025-02-01T00:00:00Z', deadlinesMissed: 2 }),
        aCase('c2', { raisedAt: '2025-03-01T00:00:00Z', deadlinesMissed: 1 }),
      ],
      escalations: [
        { caseId: 'c1', step: 1, escalatedAt: '2025-03-03T00:00:00Z' },
        { caseId: 'c1', step: 2, escalatedAt: '2025-03-05T00:00:00Z' },
        { caseId: 'c2', step: 1, escalatedAt: '2025-03-06T00:00:00Z' },
        { caseId: 'c2', step: 2, escalatedAt: '2025-04-06T00:00:00Z' },
      ],
    });
    expect(figures.escalations).toBe(3);
    expect(figures.escalationsByStep).toEqual({ '1': 2, '2': 1 });
    expect(figures.escalatedCases).toBe(2);
    expect(figures.overdueCases).toBe(1); // c1 was raised in February
  });

  it('weighs ratings with the policy and counts every rating for approval, reopened rounds too', () => {
    const ratings = [
      { caseId: 'c1', rating: 'dissatisfied', ratedAt: '2025-03-04T00:00:00Z' },
      { caseId: 'c1', rating: 'satisfied', ratedAt: '2025-03-12T00:00:00Z' },
      { caseId: 'c2', rating: 'basicallySatisfied', ratedAt: '2025-03-12T00:00:00Z' },
      { caseId: 'c3', rating: 'satisfied', ratedAt: '2025-03-12T00:00:00Z' },
    ];
    const cases = [
      aCase('c1', {
        raisedAt: '2025-03-01T00:00:00Z',
        reopenCount: 1,
        closure: 'satisfied',
        closedAt: '2025-03-12T00:00:00Z',
      }),
      aCase('c2', {
        raisedAt: '2025-03-01T00:00:00Z',
        closure: 'basicallySatisfied',
        closedAt: '2025-03-12T00:00:00Z',
      }),
      aCase('c3', {
        raisedAt: '2025-03-01T00:00:00Z',
        closure: 'satisfied',
        closedAt: '2025-03-12T00:00:00Z',
      }),
      aCase('c4', {
        raisedAt: '2025-03-01T00:00:00Z',
        closure: 'notRated',
        closedAt: '2025-03-13T00:00:00Z',
      }),
    ];
    const figures = only({ cases, ratings });
    expect(figures.approvalRate).toEqual({ numerator: 3, denominator: 4, value: 0.75 });
    expect(figures.satisfactionRate.value).toBeCloseTo((1 + 1 + 0.9) / 4, 12);
    expect(figures.resolutionRate).toEqual({ numerator: 3, denominator: 4, value: 0.75 });
    expect(figures.reopenRate).toEqual({ numerator: 1, denominator: 4, value: 0.25 });
    expect(figures.meanHoursToResolve).toBe((11 * 24 * 3 + 12 * 24) / 4);

    const strict: KpiPolicy = {
      ...defaultKpiPolicy,
      satisfactionWeights: { satisfied: 1, basicallySatisfied: 0.5, dissatisfied: 0 },
      threeRateWeights: { response: 0, resolution: 0.5, satisfaction: 0.5 },
    };
    const weighed = only({ cases, ratings, escalations: [] }, march, strict);
    expect(weighed.satisfactionRate.value).toBe(2.5 / 4);
    // No result reported in March: the response rate is unknown, and so is the combined score.
    expect(weighed.threeRateScore).toBeNull();
    const reported = cases.map((c) => ({
      ...c,
      resultReportedAt: '2025-03-10T00:00:00Z',
      feedbackAt: '2025-03-10T01:00:00Z',
    }));
    expect(only({ cases: reported, ratings }, march, strict).threeRateScore).toBe(
      0.5 * 0.75 + 0.5 * (2.5 / 4),
    );
  });

  it('counts mediations from their records by the day mediated, successful when agreed in full, whatever the cases say', () => {
    const mediation = (mediationId: string, fields: Partial<MediationFact>): MediationFact => ({
      mediationId,
      townId: 'laifeng',
      villageId: 'dengfeng',
      mediatedAt: '2025-03-01T16:00:00.000Z',
      outcome: 'agreed',
      agreementHeld: null,
      ...fields,
    });
    const figures = only({
      // A closed dispute case is a case, not a mediation: only records count.
      cases: [aCase('d1', { category: '邻里纠纷', closure: 'resolvedOnSpot', closedAt: '2025-03-02T00:00:00Z' })],
      mediations: [
        mediation('m1', { agreementHeld: true }),
        mediation('m2', { agreementHeld: false }),
        mediation('m3', { outcome: 'partial' }),
        mediation('m4', { outcome: 'failed' }),
        // 00:00 on 1 April in Shanghai: April, outside the query.
        mediation('m5', { mediatedAt: '2025-03-31T16:00:00.000Z' }),
      ],
    });
    expect(figures.mediations).toBe(4);
    expect(figures.mediationSuccessRate).toEqual({ numerator: 2, denominator: 4, value: 0.5 });
    expect(figures.agreementsHeldRate).toEqual({ numerator: 1, denominator: 2, value: 0.5 });
    const byVillage = computeKpis(
      { ...noFacts, mediations: [mediation('m1', {}), mediation('m2', { villageId: 'sanxing' })] },
      { ...march, groupBy: 'village' },
      defaultKpiPolicy,
    );
    expect(byVillage.map((r) => [r.group, r.figures.mediations])).toEqual([
      ['dengfeng', 1],
      ['sanxing', 1],
    ]);
  });

  it('groups by a dimension, meetings by their own level, place and convener, and filters', () => {
    const facts: Partial<KpiFacts> = {
      cases: [
        aCase('c1', { raisedAt: '2025-03-02T00:00:00Z', townId: 'laifeng', departmentId: 'housing' }),
        aCase('c2', { raisedAt: '2025-03-02T00:00:00Z', townId: 'zhengxing', departmentId: 'housing' }),
        aCase('c3', { raisedAt: '2025-04-02T00:00:00Z', townId: 'zhengxing' }),
      ],
      meetings: [aMeeting('m1', { closedAt: '2025-03-02T00:00:00Z', townId: 'zhengxing' })],
    };
    const byTown = computeKpis(
      { ...noFacts, ...facts },
      { from: '2025-01-01', to: '2026-01-01', granularity: 'month', groupBy: 'town' },
      defaultKpiPolicy,
    );
    expect(byTown.map((r) => [r.period.key, r.group, r.figures.casesRaised, r.figures.meetingsHeld])).toEqual(
      [
        ['2025-03', 'laifeng', 1, 0],
        ['2025-03', 'zhengxing', 1, 1],
        ['2025-04', 'zhengxing', 1, 0],
      ],
    );
    const byDepartment = computeKpis(
      { ...noFacts, ...facts },
      { ...march, groupBy: 'department' },
      defaultKpiPolicy,
    );
    // Meetings have no department: they fall under '(none)', with the case that has none either.
    expect(byDepartment.map((r) => [r.group, r.figures.casesRaised, r.figures.meetingsHeld])).toEqual([
      ['(none)', 0, 1],
      ['housing', 2, 0],
    ]);
    const zhengxing = only(facts, { ...march, filter: { town: 'zhengxing' } });
    expect([zhengxing.casesRaised, zhengxing.meetingsHeld]).toEqual([1, 1]);
  });

  it('groups departments apart from the villages and towns that handled cases themselves', () => {
    const facts: Partial<KpiFacts> = {
      cases: [
        aCase('district', { raisedAt: '2025-03-02T00:00:00Z', handlingLevel: 'district', departmentId: 'power-supply' }),
        // An older fact kept the handling village's id as its department: it is no department's.
        aCase('village', { raisedAt: '2025-03-02T00:00:00Z', handlingLevel: 'village', departmentId: 'dengfeng' }),
        aCase('town', { raisedAt: '2025-03-03T00:00:00Z', handlingLevel: 'town', townId: 'zhengxing', villageId: 'shilong' }),
        aCase('waiting', { raisedAt: '2025-03-03T00:00:00Z' }),
      ],
    };
    const by = (groupBy: 'department' | 'localUnit') =>
      computeKpis({ ...noFacts, ...facts }, { ...march, groupBy }, defaultKpiPolicy).map((r) => [r.group, r.figures.casesRaised]);
    expect(by('department')).toEqual([
      ['(none)', 3],
      ['power-supply', 1],
    ]);
    expect(by('localUnit')).toEqual([
      ['(none)', 2],
      ['town:zhengxing', 1],
      ['village:dengfeng', 1],
    ]);
    expect(only(facts, { ...march, filter: { localUnit: 'village:dengfeng' } }).casesRaised).toBe(1);
  });

  it('gives no row for a period without facts, and unknown rates as null', () => {
    expect(computeKpis(noFacts, march, defaultKpiPolicy)).toEqual([]);
    const figures = only({ meetings: [aMeeting('m1', { closedAt: '2025-03-02T00:00:00Z' })] });
    expect(figures.approvalRate).toEqual({ numerator: 0, denominator: 0, value: null });
    expect(figures.medianHoursToClaim).toBeNull();
  });
});

describe('helpers and policy', () => {
  it('computes means, medians and exact integer ratios', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(mean([])).toBeNull();
    expect(rate(2864, 3200).value).toBe(0.895);
  });

  it('accepts the default policy and refuses weights that are not shares', () => {
    expect(checkKpiPolicy(defaultKpiPolicy)).toBeNull();
    expect(
      checkKpiPolicy({
        ...defaultKpiPolicy,
        threeRateWeights: { response: 0.5, resolution: 0.5, satisfaction: 0.5 },
      }),
    ).toMatch(/sum to 1/);
    expect(
      checkKpiPolicy({
        ...defaultKpiPolicy,
        satisfactionWeights: { satisfied: 1, basicallySatisfied: 1.2, dissatisfied: 0 },
      }),
    ).toMatch(/\[0, 1\]/);
  });
});
