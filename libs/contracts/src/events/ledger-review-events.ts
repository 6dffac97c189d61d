import type { DecidedItem, ReviewUnit } from '@bishan/domain';
import { createGovernanceEvent, type GovernanceEventEnvelope } from './governance-event';
import {
  ledgerItemEscalatedV1,
  ledgerReviewEscalatedV1,
  ledgerReviewOpenedV1,
  ledgerReviewReminderDueV1,
  ledgerReviewSignedOffV1,
} from './v1/ledger-review-notice.v1';

/** What every notice of a review carries. */
export interface LedgerReviewNoticeBase {
  reviewId: string;
  period: string;
  unit: ReviewUnit;
  dueAt: string;
  leaderIds: readonly string[];
  supervisorIds: readonly string[];
}

/** Each notice of a review happens once (a line escalates once): the ids follow from the review. */
export const ledgerReviewEventIds = {
  opened: (reviewId: string) => `ledgerReview:${reviewId}/opened`,
  reminderDue: (reviewId: string) => `ledgerReview:${reviewId}/reminder`,
  escalated: (reviewId: string) => `ledgerReview:${reviewId}/escalated`,
  itemEscalated: (reviewId: string, caseId: string) => `ledgerReview:${reviewId}/item/${caseId}/escalated`,
  signedOff: (reviewId: string) => `ledgerReview:${reviewId}/signed-off`,
} as const;

const system = { id: 'system', role: 'system' as const };
const head = (base: LedgerReviewNoticeBase, at: string) => ({
  at,
  actor: system,
  reviewId: base.reviewId,
  period: base.period,
  unit: base.unit,
  dueAt: base.dueAt,
  leaderIds: base.leaderIds,
  supervisorIds: base.supervisorIds,
});

export function ledgerReviewOpenedEventOf(base: LedgerReviewNoticeBase, at: string, counts: { toStrikeOff: number; toCarryOver: number }): GovernanceEventEnvelope {
  return createGovernanceEvent(ledgerReviewOpenedV1, {
    eventId: ledgerReviewEventIds.opened(base.reviewId),
    subjectId: base.reviewId,
    occurredAt: at,
    payload: { ...head(base, at), ...counts },
  });
}

export function ledgerReviewReminderEventOf(base: LedgerReviewNoticeBase, at: string, undecided: number): GovernanceEventEnvelope {
  return createGovernanceEvent(ledgerReviewReminderDueV1, {
    eventId: ledgerReviewEventIds.reminderDue(base.reviewId),
    subjectId: base.reviewId,
    occurredAt: at,
    payload: { ...head(base, at), undecided },
  });
}

export function ledgerReviewEscalatedEventOf(base: LedgerReviewNoticeBase, at: string, undecided: number): GovernanceEventEnvelope {
  return createGovernanceEvent(ledgerReviewEscalatedV1, {
    eventId: ledgerReviewEventIds.escalated(base.reviewId),
    subjectId: base.reviewId,
    occurredAt: at,
    payload: { ...head(base, at), undecided },
  });
}

export function ledgerItemEscalatedEventOf(base: LedgerReviewNoticeBase, decided: DecidedItem, carriedOver: number): GovernanceEventEnvelope {
  const d = decided.decision;
  if (d.kind !== 'carryOver') throw new Error(`only a carried-over line escalates, not '${d.kind}'`);
  return createGovernanceEvent(ledgerItemEscalatedV1, {
    eventId: ledgerReviewEventIds.itemEscalated(base.reviewId, decided.caseId),
    subjectId: base.reviewId,
    occurredAt: decided.decidedAt,
    payload: { ...head(base, decided.decidedAt), caseId: decided.caseId, carriedOver, reason: d.reason, newTargetDate: d.newTargetDate },
  });
}

export function ledgerReviewSignedOffEventOf(
  base: LedgerReviewNoticeBase,
  at: string,
  signerId: string,
  counts: { struckOff: number; carriedOver: number },
): GovernanceEventEnvelope {
  return createGovernanceEvent(ledgerReviewSignedOffV1, {
    eventId: ledgerReviewEventIds.signedOff(base.reviewId),
    subjectId: base.reviewId,
    occurredAt: at,
    payload: { ...head(base, at), signerId, ...counts },
  });
}
