import { proxyActivities } from '@temporalio/workflow';
import type { ConcentratedIssueActivities, ConcentratedIssueSweepResult } from '@bishan/contracts/workflows';

const { findUnflaggedClusters, flagConcentrated } = proxyActivities<ConcentratedIssueActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '1 minute', maximumAttempts: 5 },
});

/**
 * Run by a Temporal schedule: finds clusters of similar open cases (same category and town within
 * the policy's window) and puts each member under the top district leaders' supervision.
 */
export async function concentratedIssueSweepWorkflow(): Promise<ConcentratedIssueSweepResult> {
  const clusters = await findUnflaggedClusters();
  let flagged = 0;
  for (const cluster of clusters) flagged += (await flagConcentrated(cluster)).flagged;
  return { clusters: clusters.length, flagged };
}
