import type { CasePolicy } from './case-policy';
import { type Instant, toEpochMs, toIso } from '../instant';
import { compareText } from '../ordering';
import { DAY_MS } from '../calendar/shanghai-time';

export interface OpenCaseSummary {
  readonly caseId: string;
  readonly category: string;
  readonly townId: string;
  readonly raisedAt: Instant;
}

export interface Cluster {
  /** Named after the cluster's first case, so it stays the same while later cases join. */
  readonly clusterId: string;
  readonly category: string;
  readonly townId: string;
  /** Oldest first. */
  readonly caseIds: readonly string[];
  readonly firstRaisedAt: string;
  readonly lastRaisedAt: string;
}

export type ClusterThresholds = CasePolicy['cluster'];

/**
 * Concentrated issues (集中突出问题): at least `minCases` cases of one category in one town raised
 * within `windowDays` of each other. The window is inclusive: cases exactly windowDays × 24 h apart
 * still count together. Overlapping qualifying windows merge into one cluster, so a case belongs to
 * at most one cluster.
 */
export function detectClusters(cases: readonly OpenCaseSummary[], thresholds: ClusterThresholds): Cluster[] {
  const windowMs = thresholds.windowDays * DAY_MS;
  const clusters: Cluster[] = [];
  for (const group of groupByCategoryAndTown(cases)) {
    for (const members of qualifyingRuns(group, windowMs, thresholds.minCases)) {
      clusters.push(toCluster(members));
    }
  }
  return clusters;
}

interface Timed {
  readonly summary: OpenCaseSummary;
  readonly ms: number;
}

function groupByCategoryAndTown(cases: readonly OpenCaseSummary[]): Timed[][] {
  const groups = new Map<string, Timed[]>();
  for (const summary of cases) {
    const key = JSON.stringify([summary.category, summary.townId]);
    const group = groups.get(key) ?? [];
    group.push({ summary, ms: toEpochMs(summary.raisedAt) });
    groups.set(key, group);
  }
  return [...groups.values()].map((g) =>
    g.sort((a, b) => a.ms - b.ms || compareText(a.summary.caseId, b.summary.caseId)),
  );
}

/** Slides a window over the sorted group and merges every window that holds enough cases. */
function qualifyingRuns(sorted: readonly Timed[], windowMs: number, minCases: number): Timed[][] {
  const runs: Timed[][] = [];
  let start = 0;
  let current: { from: number; to: number } | null = null;
  for (let end = 0; end < sorted.length; end++) {
    while ((sorted[end] as Timed).ms - (sorted[start] as Timed).ms > windowMs) start++;
    if (end - start + 1 < minCases) continue;
    if (current && start <= current.to) current.to = end;
    else {
      if (current) runs.push(sorted.slice(current.from, current.to + 1));
      current = { from: start, to: end };
    }
  }
  if (current) runs.push(sorted.slice(current.from, current.to + 1));
  return runs;
}

function toCluster(members: readonly Timed[]): Cluster {
  const first = members[0] as Timed;
  const last = members[members.length - 1] as Timed;
  const caseIds = members.map((m) => m.summary.caseId);
  return {
    clusterId: `${first.summary.category}@${first.summary.townId}#${first.summary.caseId}`,
    category: first.summary.category,
    townId: first.summary.townId,
    caseIds,
    firstRaisedAt: toIso(first.ms),
    lastRaisedAt: toIso(last.ms),
  };
}
