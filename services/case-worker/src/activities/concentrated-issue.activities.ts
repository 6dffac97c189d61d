import type { ConcentratedIssueActivities } from '@bishan/contracts';
import { detectClusters, type ClusterThresholds } from '@bishan/domain';
import type { OpenCaseRow } from '@bishan/db';

export interface ConcentratedIssueDependencies {
  openCasesRaisedSince: (since: Date) => Promise<OpenCaseRow[]>;
  thresholds: () => ClusterThresholds | Promise<ClusterThresholds>;
  /** 'refused' when the case's rules say no (already flagged, closed meanwhile, gone). */
  flag: (caseId: string, reason: string, clusterId: string) => Promise<'flagged' | 'refused'>;
  clock: () => Date;
}

const DAY_MS = 24 * 3600 * 1000;

export function createConcentratedIssueActivities(deps: ConcentratedIssueDependencies): ConcentratedIssueActivities {
  return {
    async findUnflaggedClusters() {
      const thresholds = await deps.thresholds();
      // Two windows back: a cluster whose newest member is recent reaches one window further, and the
      // second covers sweeps that were missed (worker down); older clusters were found back then.
      const since = new Date(deps.clock().getTime() - 2 * thresholds.windowDays * DAY_MS);
      const rows = await deps.openCasesRaisedSince(since);
      const flagged = new Set(rows.filter((row) => row.concentrated).map((row) => row.caseId));
      const clusters = detectClusters(
        rows.map((row) => ({ caseId: row.caseId, category: row.category, townId: row.townId, raisedAt: row.raisedAt.toISOString() })),
        thresholds,
      );
      return clusters
        .map((cluster) => ({
          clusterId: cluster.clusterId,
          category: cluster.category,
          townId: cluster.townId,
          caseIds: cluster.caseIds.filter((id) => !flagged.has(id)),
        }))
        .filter((cluster) => cluster.caseIds.length > 0);
    },

    async flagConcentrated(cluster) {
      const reason = `同类诉求集中:${cluster.townId} 的「${cluster.category}」类诉求在时限内达到集中阈值(集群 ${cluster.clusterId})`;
      let flagged = 0;
      for (const caseId of cluster.caseIds) {
        if ((await deps.flag(caseId, reason, cluster.clusterId)) === 'flagged') flagged += 1;
      }
      return { flagged };
    },
  };
}
