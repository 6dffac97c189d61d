/** The periodic search for concentrated issues (集中突出问题) across open cases. */
export const concentratedIssueSweepWorkflowType = 'concentratedIssueSweepWorkflow';
export const concentratedIssueSweepScheduleId = 'concentrated-issue-sweep';

export interface ClusterToFlag {
  clusterId: string;
  category: string;
  townId: string;
  /** Members of the cluster not flagged yet, oldest first. */
  caseIds: string[];
}

export interface ConcentratedIssueSweepResult {
  clusters: number;
  flagged: number;
}

export interface ConcentratedIssueActivities {
  /** Clusters among the open cases (read model) under the current policy's thresholds, with their unflagged members. */
  findUnflaggedClusters(): Promise<ClusterToFlag[]>;
  /** Sends flagConcentrated to each case's workflow; returns how many accepted it (closed ones refuse). */
  flagConcentrated(cluster: ClusterToFlag): Promise<{ flagged: number }>;
}
