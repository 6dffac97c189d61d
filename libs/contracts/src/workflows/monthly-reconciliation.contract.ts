import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor, ReconciliationMismatch, ReconciliationMonth, SignOffSlot } from '@bishan/domain';

/** The monthly operations reconciliation (运行对账) of the ledger against the case workflows (not 对账销号: ledger-review.contract.ts). */
export const monthlyReconciliationWorkflowType = 'monthlyReconciliationWorkflow';
export const monthlyReconciliationScheduleId = 'monthly-reconciliation';

/** Workflow id of a run started by hand for a month; schedule runs get the schedule's ids. */
export const manualReconciliationWorkflowId = (taskQueue: string, month: ReconciliationMonth): string =>
  `monthly-reconciliation:${taskQueue}:${month}`;

export interface MonthlyReconciliationInput {
  /** Left out by the schedule: the run reconciles the Shanghai month before the one it starts in. */
  month?: ReconciliationMonth;
  /** Cases compared per activity call. */
  batchSize?: number;
}

export interface SignOffRecord {
  slot: string;
  signerId: string;
  signerRole: string;
  signedAt: string;
  note: string | null;
}

export type ReconciliationPhase = 'comparing' | 'awaitingSignOff' | 'signedOff';

export interface ReconciliationStatus {
  reconciliationId: string;
  month: ReconciliationMonth | null;
  phase: ReconciliationPhase;
  casesChecked: number;
  mismatches: number;
  required: SignOffSlot[];
  signOffs: SignOffRecord[];
  snapshotHash: string | null;
}

export interface SignOffReconciliation {
  /** `${role}:${partyId}`, e.g. 'unit:laifeng'. */
  slot: string;
  actor: Actor;
  note?: string;
}

export const reconciliationStatusQuery = defineQuery<ReconciliationStatus>('reconciliationStatus');
/** Refused by its validator (the domain's decideSignOff) before anything is recorded. */
export const signOffReconciliationUpdate = defineUpdate<ReconciliationStatus, [SignOffReconciliation]>('signOffReconciliation');

export interface ReconciliationPage {
  mismatches: ReconciliationMismatch[];
  checked: number;
  /** The last case id of the page; null when the ledger has no more. */
  nextCursor: string | null;
}

export interface MonthlyReconciliationActivities {
  /**
   * One page of the ledger's cases that are open or changed in the month (by case id after the
   * cursor), each compared with its workflow's caseSnapshot query.
   */
  compareLedgerPage(input: { month: ReconciliationMonth; after: string | null; limit: number }): Promise<ReconciliationPage>;
  /** Case workflows open or started in the month (Temporal visibility) that have no ledger row. */
  findWorkflowsWithoutLedgerRow(input: { month: ReconciliationMonth }): Promise<ReconciliationMismatch[]>;
  /** Stores the run, its mismatches and the signatures it needs; idempotent by reconciliation id. */
  recordReconciliation(input: {
    reconciliationId: string;
    month: ReconciliationMonth;
    casesChecked: number;
    mismatches: ReconciliationMismatch[];
    required: SignOffSlot[];
  }): Promise<void>;
  /** Stores one signature; idempotent by (reconciliation, slot). */
  recordSignOff(input: { reconciliationId: string; signOff: SignOffRecord }): Promise<void>;
  /**
   * Writes the month's immutable snapshot and returns its content hash. A retry of the same write
   * returns the stored hash; a different snapshot for a month already stored is refused.
   */
  storeMonthSnapshot(input: {
    reconciliationId: string;
    month: ReconciliationMonth;
    casesChecked: number;
    mismatches: ReconciliationMismatch[];
    signOffs: SignOffRecord[];
  }): Promise<{ contentHash: string }>;
}
