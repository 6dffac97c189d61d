import type { LedgerReviewActivities } from '@bishan/contracts/workflows';
import {
  ledgerItemEscalatedEventOf,
  ledgerReviewEscalatedEventOf,
  ledgerReviewOpenedEventOf,
  ledgerReviewReminderEventOf,
  ledgerReviewSignedOffEventOf,
  type LedgerReviewNoticeBase,
} from '@bishan/contracts';
import type { BishanOrganisation, LedgerReviewRepository } from '@bishan/db';
import type { ReviewUnit } from '@bishan/domain';

export interface LedgerReviewDependencies {
  reviews: LedgerReviewRepository;
  organisation(): Promise<BishanOrganisation>;
  clock(): Date;
}

/** The unit's leaders (they sign) and its supervising district leader (escalations go there). */
export function peopleOf(unit: ReviewUnit, org: BishanOrganisation): { leaderIds: string[]; supervisorIds: string[] } {
  if (unit.kind === 'town') {
    const town = org.towns.find((t) => t.id === unit.townId);
    return { leaderIds: [...(town?.leaderIds ?? [])], supervisorIds: (town?.linkedDistrictLeaderIds ?? []).slice(0, 1) };
  }
  const department = org.departments.find((d) => d.id === unit.departmentId);
  return {
    leaderIds: [...(department?.leaderIds ?? [])],
    supervisorIds: department?.supervisingLeaderId ? [department.supervisingLeaderId] : [],
  };
}

/** The review's activities: the sheet, decisions and notices go through the repository, each once. */
export function createLedgerReviewActivities(deps: LedgerReviewDependencies): LedgerReviewActivities {
  const base = async (reviewId: string): Promise<LedgerReviewNoticeBase> => {
    const review = await deps.reviews.find(reviewId);
    if (!review) throw new Error(`ledger review '${reviewId}' is not stored`);
    const unit: ReviewUnit = review.unitKind === 'town' ? { kind: 'town', townId: review.unitId } : { kind: 'department', departmentId: review.unitId };
    return { reviewId, period: review.period, unit, dueAt: review.dueAt.toISOString(), ...peopleOf(unit, await deps.organisation()) };
  };
  return {
    async openLedgerReview({ reviewId, period, unit, dueAt, policyVersion }) {
      const now = deps.clock();
      const people = peopleOf(unit, await deps.organisation());
      const items = await deps.reviews.open({ reviewId, period, unit, dueAt, policyVersion, now }, (counts) =>
        ledgerReviewOpenedEventOf({ reviewId, period, unit, dueAt, ...people }, now.toISOString(), counts),
      );
      return { items };
    },
    async recordLedgerItemDecision({ reviewId, decided }) {
      let escalation = null;
      if (decided.escalate) {
        const line = (await deps.reviews.linesOf(reviewId)).find((l) => l.caseId === decided.caseId);
        escalation = ledgerItemEscalatedEventOf(await base(reviewId), decided, (line?.carriedOverBefore ?? 0) + 1);
      }
      await deps.reviews.recordDecision(reviewId, decided, escalation);
    },
    async remindLedgerReview({ reviewId, undecided }) {
      const now = deps.clock();
      await deps.reviews.notice(reviewId, 'remindedAt', now, ledgerReviewReminderEventOf(await base(reviewId), now.toISOString(), undecided));
    },
    async escalateLedgerReview({ reviewId, undecided }) {
      const now = deps.clock();
      await deps.reviews.notice(reviewId, 'escalatedAt', now, ledgerReviewEscalatedEventOf(await base(reviewId), now.toISOString(), undecided));
    },
    async signOffLedgerReview({ reviewId, signerId, signerName, at }) {
      const lines = await deps.reviews.linesOf(reviewId);
      const counts = {
        struckOff: lines.filter((l) => l.decision === 'strikeOff').length,
        carriedOver: lines.filter((l) => l.decision === 'carryOver').length,
      };
      // An empty sheet closes by itself: nobody is told.
      const event = signerId === 'system' ? null : ledgerReviewSignedOffEventOf(await base(reviewId), at, signerId, counts);
      await deps.reviews.signOff(reviewId, { id: signerId, name: signerName }, new Date(at), event);
    },
    async listLedgerReviewUnits() {
      const org = await deps.organisation();
      return [
        ...org.towns.map((t): ReviewUnit => ({ kind: 'town', townId: t.id })),
        ...org.departments.map((d): ReviewUnit => ({ kind: 'department', departmentId: d.id })),
      ];
    },
  };
}
