import { z } from 'zod';
import { actor, instant, strings } from './case-event-parts.v1';

const unit = z.union([
  z.object({ kind: z.literal('town'), townId: z.string() }).strict(),
  z.object({ kind: z.literal('department'), departmentId: z.string() }).strict(),
]);

/** What every ledger review notice says: which review, whose, when due, and who hears it. */
const review = {
  at: instant,
  actor,
  reviewId: z.string(),
  period: z.string(),
  unit,
  dueAt: instant,
  /** The unit's leaders (they sign) and the supervising district leader(s). */
  leaderIds: strings,
  supervisorIds: strings,
};

/** A month's review was opened: the unit's leaders have a sheet to review. */
export const ledgerReviewOpenedV1 = {
  type: 'ledgerReview.opened',
  version: 1,
  payload: z.object({ ...review, toStrikeOff: z.number().int().nonnegative(), toCarryOver: z.number().int().nonnegative() }).strict(),
} as const;

/** The sign-off deadline is near and the sheet is not signed. */
export const ledgerReviewReminderDueV1 = {
  type: 'ledgerReview.reminderDue',
  version: 1,
  payload: z.object({ ...review, undecided: z.number().int().nonnegative() }).strict(),
} as const;

/** The sign-off deadline passed unsigned: the supervising district leader takes it up. */
export const ledgerReviewEscalatedV1 = {
  type: 'ledgerReview.escalated',
  version: 1,
  payload: z.object({ ...review, undecided: z.number().int().nonnegative() }).strict(),
} as const;

/** A line was carried over the escalating time: the supervising district leader takes the case up. */
export const ledgerItemEscalatedV1 = {
  type: 'ledgerReview.itemEscalated',
  version: 1,
  payload: z
    .object({
      ...review,
      caseId: z.string(),
      carriedOver: z.number().int().positive(),
      reason: z.string(),
      newTargetDate: z.string(),
    })
    .strict(),
} as const;

/** The sheet was signed (销号 done for the month). */
export const ledgerReviewSignedOffV1 = {
  type: 'ledgerReview.signedOff',
  version: 1,
  payload: z.object({ ...review, signerId: z.string(), struckOff: z.number().int().nonnegative(), carriedOver: z.number().int().nonnegative() }).strict(),
} as const;
