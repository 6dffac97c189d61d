import { defineQuery } from '@temporalio/workflow';

/**
 * A draft case policy simulated over the recorded history (libs/domain/src/policy/what-if.ts):
 * the cases raised in a window, a page at a time, each page's report merged into the run's row.
 * The run (its draft, window and report) is stored by the case API before the workflow starts;
 * the workflow id is the run's id.
 */
export const policyWhatIfWorkflowType = 'policyWhatIfWorkflow';

export const policyWhatIfRunId = (version: string, uuid: string): string => `policy-what-if:${version}:${uuid}`;

export interface PolicyWhatIfInput {
  runId: string;
  /** The draft's version, for the status and the workflow's list. */
  version: string;
  /** Cases simulated per activity call (default 100). */
  batchSize?: number;
  /** Pages per workflow run before it continues as new (default 50; history stays short). */
  pagesPerRun?: number;
  /** Where the previous run of a continued workflow stopped. */
  carried?: { after: string | null; casesTotal: number; casesDone: number };
}

export type PolicyWhatIfPhase = 'counting' | 'simulating' | 'completed' | 'failed';

export interface PolicyWhatIfStatus {
  runId: string;
  version: string;
  phase: PolicyWhatIfPhase;
  /** Cases raised in the window; null until counted. */
  casesTotal: number | null;
  casesDone: number;
}

export const policyWhatIfStatusQuery = defineQuery<PolicyWhatIfStatus>('policyWhatIfStatus');

export interface WhatIfPageResult {
  /** Cases in this page (0: the history has no more). */
  cases: number;
  /** The last case id merged, to continue after; null when the history has no more. */
  nextCursor: string | null;
  /** Cases merged into the run's report so far. */
  casesDone: number;
}

export interface PolicyWhatIfActivities {
  /** Counts the cases raised in the run's window and stores the total (progress). */
  countWhatIfCases(input: { runId: string }): Promise<{ casesTotal: number }>;
  /**
   * Simulates the next page of cases after `after` under the run's draft and merges its report
   * into the run's row — once, however often the activity is retried.
   */
  simulateWhatIfPage(input: { runId: string; after: string | null; limit: number }): Promise<WhatIfPageResult>;
  /** Marks the run completed, or failed with the error. */
  finishWhatIf(input: { runId: string; error?: string }): Promise<void>;
}
