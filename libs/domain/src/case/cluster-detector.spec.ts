import { type OpenCaseSummary, detectClusters } from './cluster-detector';

const thresholds = { minCases: 3, windowDays: 30 };
const DAY = 86_400_000;
const base = Date.parse('2025-03-01T00:00:00Z');
const c = (caseId: string, dayOffset: number, extra: Partial<OpenCaseSummary> = {}): OpenCaseSummary => ({
  caseId,
  category: 'sanitation',
  townId: 'laifeng',
  raisedAt: new Date(base + dayOffset * DAY).toISOString(),
  ...extra,
});

describe('detectClusters', () => {
  it('finds N cases of one category in one town raised within D days, boundary included', () => {
    const clusters = detectClusters([c('a', 0), c('b', 10), c('c', 30)], thresholds);
    expect(clusters).toEqual([
      {
        clusterId: 'sanitation@laifeng#a',
        category: 'sanitation',
        townId: 'laifeng',
        caseIds: ['a', 'b', 'c'],
        firstRaisedAt: '2025-03-01T00:00:00.000Z',
        lastRaisedAt: '2025-03-31T00:00:00.000Z',
      },
    ]);
  });

  it('does not count a case one millisecond outside the window', () => {
    const late = { ...c('c', 30), raisedAt: new Date(base + 30 * DAY + 1).toISOString() };
    expect(detectClusters([c('a', 0), c('b', 10), late], thresholds)).toEqual([]);
  });

  it('keeps categories and towns apart', () => {
    const cases = [c('a', 0), c('b', 1, { townId: 'zhengxing' }), c('c', 2, { category: 'powerLines' }), c('d', 3)];
    expect(detectClusters(cases, thresholds)).toEqual([]);
  });

  it('merges overlapping windows into one cluster and separates distant ones', () => {
    // a–c and b–d each fit in 30 days and share cases; e is 41 days after c, so it stays out.
    const cases = [c('e', 61), c('a', 0), c('b', 10), c('c', 20), c('d', 35), c('x', 200), c('y', 201), c('z', 202)];
    expect(detectClusters(cases, thresholds).map((k) => k.caseIds)).toEqual([
      ['a', 'b', 'c', 'd'],
      ['x', 'y', 'z'],
    ]);
  });
});
