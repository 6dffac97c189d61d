import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor, DecidedItem, ItemDecision, ReviewItem, ReviewUnit } from '@bishan/domain';

/** 对账销号: the monthly review of a town's or a department's ledger (libs/domain/src/ledger-review). */
export const ledgerReviewWorkflowType = 'ledgerReviewWorkflow';
/** The month's round: one review per town and per department. */
export const ledgerReviewRoundWorkflowType = 'ledgerReviewRoundWorkflow';
export const ledgerReviewScheduleId = 'ledger-review';

/** One review per unit and month on a task queue: a second start of the same is refused. */
export const ledgerReviewWorkflowId = (taskQueue: string, period: string, unit: ReviewUnit): string =>
  `ledger-review:${taskQueue}:${period}:${unit.kind === 'town' ? `town:${unit.townId}` : `department:${unit.departmentId}`}`;

export interface LedgerReviewInput {
  /** The Shanghai month reviewed, 'YYYY-MM'. */
  period: string;
  unit: ReviewUnit;
  /** The review policy the run keeps to (deadlines, escalation); the latest when left out. */
  policyVersion?: string;
}

export interface LedgerReviewRoundInput {
  /** Left out by the schedule: the Shanghai month before the run's start. */
  period?: string;
}

export type LedgerReviewPhase = 'opening' | 'open' | 'signedOff';

export interface LedgerReviewStatus {
  reviewId: string;
  period: string;
  unit: ReviewUnit;
  policyVersion: string;
  phase: LedgerReviewPhase;
  dueAt: string;
  items: ReviewItem[];
  decided: DecidedItem[];
  remindedAt: string | null;
  escalatedAt: string | null;
  /** Null until signed; an empty sheet is closed at once with signerId 'system'. */
  signedOff: { signerId: string; signerName: string; at: string } | null;
}

export interface DecideLedgerItem {
  caseId: string;
  decision: ItemDecision;
  actor: Actor;
  /** What the signer typed, and their name in the organisation (the API looks it up). */
  signature: string;
  registeredName: string;
}

export interface SignLedgerReview {
  actor: Actor;
  signature: string;
  registeredName: string;
}

export const ledgerReviewStatusQuery = defineQuery<LedgerReviewStatus>('ledgerReviewStatus');
/** Refused by its validator (the domain's decideItem) before anything is recorded. */
export const decideLedgerItemUpdate = defineUpdate<LedgerReviewStatus, [DecideLedgerItem]>('decideLedgerItem');
/** Refused by its validator (the domain's decideReviewSignOff) until every line is decided. */
export const signLedgerReviewUpdate = defineUpdate<LedgerReviewStatus, [SignLedgerReview]>('signLedgerReview');

export interface LedgerReviewActivities {
  /**
   * Builds the sheet from the ledger (reviewSheet), stores the review and its lines and tells the
   * unit's leaders; idempotent by review id (a retry answers the stored sheet).
   */
  openLedgerReview(input: { reviewId: string; period: string; unit: ReviewUnit; dueAt: string; policyVersion: string }): Promise<{ items: ReviewItem[] }>;
  /** Stores a line's decision (once); a line carried over for the escalating time goes to the supervising district leader. */
  recordLedgerItemDecision(input: { reviewId: string; decided: DecidedItem }): Promise<void>;
  /** Reminds the unit's leaders that the sheet is due; once per review. */
  remindLedgerReview(input: { reviewId: string; undecided: number }): Promise<void>;
  /** Tells the supervising district leader the sheet passed its deadline unsigned; once per review. */
  escalateLedgerReview(input: { reviewId: string; undecided: number }): Promise<void>;
  /** Stores the signature; the struck-off lines leave the ledger's next sheets. */
  signOffLedgerReview(input: { reviewId: string; signerId: string; signerName: string; at: string }): Promise<void>;
  /** The units whose ledgers are reviewed: every town and every department. */
  listLedgerReviewUnits(): Promise<ReviewUnit[]>;
}
