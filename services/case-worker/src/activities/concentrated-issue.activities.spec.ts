import type { OpenCaseRow } from '@bishan/db';
import { createConcentratedIssueActivities } from './concentrated-issue.activities';

const NOW = new Date('2026-03-20T02:00:00.000Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 24 * 3600 * 1000);
const row = (caseId: string, raisedAt: Date, overrides: Partial<OpenCaseRow> = {}): OpenCaseRow => ({
  caseId,
  category: '环境卫生',
  townId: 'laifeng',
  raisedAt,
  concentrated: false,
  ...overrides,
});

describe('concentrated issue activities', () => {
  const thresholds = { minCases: 3, windowDays: 30 };

  function activitiesOver(rows: OpenCaseRow[], refuse: string[] = []) {
    const sinceAsked: Date[] = [];
    const flagCalls: { caseId: string; clusterId: string; reason: string }[] = [];
    const activities = createConcentratedIssueActivities({
      openCasesRaisedSince: async (since) => {
        sinceAsked.push(since);
        return rows.filter((r) => r.raisedAt >= since);
      },
      thresholds: () => thresholds,
      flag: async (caseId, reason, clusterId) => {
        flagCalls.push({ caseId, clusterId, reason });
        return refuse.includes(caseId) ? 'refused' : 'flagged';
      },
      clock: () => NOW,
    });
    return { activities, sinceAsked, flagCalls };
  }

  it('finds a cluster and leaves out the members already flagged', async () => {
    const { activities, sinceAsked } = activitiesOver([
      row('c1', daysAgo(20), { concentrated: true }),
      row('c2', daysAgo(10)),
      row('c3', daysAgo(1)),
      row('other-town', daysAgo(1), { townId: 'zhengxing' }),
      row('other-category', daysAgo(1), { category: '线路整治' }),
    ]);
    expect(await activities.findUnflaggedClusters()).toEqual([
      { clusterId: expect.stringContaining('c1'), category: '环境卫生', townId: 'laifeng', caseIds: ['c2', 'c3'] },
    ]);
    expect(sinceAsked).toEqual([daysAgo(60)]);
  });

  it('finds nothing below the threshold or once every member is flagged', async () => {
    expect(await activitiesOver([row('c1', daysAgo(2)), row('c2', daysAgo(1))]).activities.findUnflaggedClusters()).toEqual([]);
    const allFlagged = ['c1', 'c2', 'c3'].map((id, i) => row(id, daysAgo(i + 1), { concentrated: true }));
    expect(await activitiesOver(allFlagged).activities.findUnflaggedClusters()).toEqual([]);
  });

  it('counts only the cases whose rules accepted the flag', async () => {
    const { activities, flagCalls } = activitiesOver([], ['closed-meanwhile']);
    const result = await activities.flagConcentrated({
      clusterId: 'cluster-c1',
      category: '环境卫生',
      townId: 'laifeng',
      caseIds: ['c2', 'closed-meanwhile', 'c3'],
    });
    expect(result).toEqual({ flagged: 2 });
    expect(flagCalls.map((c) => c.caseId)).toEqual(['c2', 'closed-meanwhile', 'c3']);
    expect(flagCalls[0]!.reason).toContain('环境卫生');
    expect(flagCalls.every((c) => c.clusterId === 'cluster-c1')).toBe(true);
  });
});
