import type { GovernanceEventEnvelope } from '@bishan/contracts';
import {
  reviewSheet,
  reviewUnitKey,
  shanghaiMonthRange,
  type DecidedItem,
  type LedgerCase,
  type PastDecision,
  type ReviewItem,
  type ReviewUnit,
} from '@bishan/domain';
import type { LedgerReview, LedgerReviewItem, Prisma } from '@prisma/client';
import { outboxRowOf } from '../outbox.repository';
import type { Database } from '../prisma-client';

type Tx = Prisma.TransactionClient;

/** How much of a case's description a sheet line keeps. */
const DESCRIPTION_CHARS = 120;

export type LedgerReviewRow = LedgerReview;
export type LedgerReviewLine = LedgerReviewItem;

/**
 * The reviews of the ledger (对账销号) and their sheets. The sheet is made from the case read model
 * when a review opens and kept as it was then (a case that moves on later does not change a signed
 * month); each decision and notice is written with its event in the outbox, in one transaction.
 */
export class LedgerReviewRepository {
  constructor(private readonly db: Database) {}

  /**
   * Makes and stores the sheet of a review once; a second call answers the stored one. `opened`
   * builds the event telling the leaders, from the stored review and its counts.
   */
  async open(
    input: { reviewId: string; period: string; unit: ReviewUnit; dueAt: string; policyVersion: string; now: Date },
    opened: (counts: { toStrikeOff: number; toCarryOver: number }) => GovernanceEventEnvelope,
  ): Promise<ReviewItem[]> {
    const existing = await this.linesOf(input.reviewId);
    if ((await this.db.ledgerReview.findUnique({ where: { id: input.reviewId } })) !== null) return existing.map(itemOf);
    const unitKey = reviewUnitKey(input.unit);
    const { startMs, endMs } = shanghaiMonthRange(input.period);
    const previous = await this.db.ledgerReview.findFirst({ where: { unitKey, period: { lt: input.period } }, orderBy: { period: 'desc' } });
    const since = new Date(previous ? shanghaiMonthRange(previous.period).startMs : startMs);
    const cases = await this.db.case.findMany({
      where: {
        AND: [
          input.unit.kind === 'town' ? { townId: input.unit.townId } : { handlerLevel: 'district', handlerUnitId: input.unit.departmentId },
          { raisedAt: { lt: new Date(endMs) } },
          { OR: [{ status: { not: 'closed' } }, { closedAt: { gte: since, lt: new Date(endMs) } }] },
        ],
      },
      select: {
        id: true,
        townId: true,
        villageId: true,
        handlerLevel: true,
        handlerUnitId: true,
        status: true,
        raisedAt: true,
        closedAt: true,
        category: true,
        description: true,
        closure: true,
        rating: true,
      },
    });
    const pastRows = await this.db.ledgerReviewItem.findMany({
      where: { unitKey, decision: { not: null }, caseId: { in: cases.map((c) => c.id) } },
      orderBy: { decidedAt: 'asc' },
    });
    const past: PastDecision[] = pastRows.map((r) => ({ caseId: r.caseId, kind: r.decision as PastDecision['kind'] }));
    const ledger: LedgerCase[] = cases.map((c) => ({
      caseId: c.id,
      townId: c.townId,
      handlerLevel: c.handlerLevel,
      handlerUnitId: c.handlerUnitId,
      status: c.status,
      raisedAt: c.raisedAt.toISOString(),
      closedAt: c.closedAt?.toISOString() ?? null,
    }));
    const items = reviewSheet(input.unit, ledger, past, input.period, since.toISOString());
    const summaries = await this.resultSummaries(items.filter((i) => i.section === 'closed').map((i) => i.caseId));
    const byId = new Map(cases.map((c) => [c.id, c]));
    const lastTarget = new Map(pastRows.filter((r) => r.newTargetDate).map((r) => [r.caseId, r.newTargetDate]));
    await this.db.$transaction(async (tx) => {
      await tx.ledgerReview.create({
        data: {
          id: input.reviewId,
          unitKey,
          unitKind: input.unit.kind,
          unitId: input.unit.kind === 'town' ? input.unit.townId : input.unit.departmentId,
          period: input.period,
          policyVersion: input.policyVersion,
          status: 'open',
          openedAt: input.now,
          dueAt: new Date(input.dueAt),
        },
      });
      if (items.length > 0)
        await tx.ledgerReviewItem.createMany({
          data: items.map((item) => {
            const c = byId.get(item.caseId);
            if (!c) throw new Error(`case '${item.caseId}' vanished while the sheet was made`);
            return {
              reviewId: input.reviewId,
              caseId: item.caseId,
              unitKey,
              section: item.section,
              carriedOverBefore: item.carriedOverBefore,
              category: c.category,
              description: [...c.description].slice(0, DESCRIPTION_CHARS).join(''),
              townId: c.townId,
              villageId: c.villageId,
              status: c.status,
              closure: c.closure,
              rating: c.rating,
              resultSummary: summaries.get(item.caseId) ?? null,
              raisedAt: c.raisedAt,
              closedAt: c.closedAt,
              previousTargetDate: lastTarget.get(item.caseId) ?? null,
            };
          }),
        });
      await append(
        tx,
        opened({
          toStrikeOff: items.filter((i) => i.section === 'closed').length,
          toCarryOver: items.filter((i) => i.section === 'open').length,
        }),
      );
    });
    return items;
  }

  /** Writes a line's decision once (a retry of the same is a no-op), with its escalation event if any. */
  async recordDecision(reviewId: string, decided: DecidedItem, escalation: GovernanceEventEnvelope | null): Promise<void> {
    const d = decided.decision;
    await this.db.$transaction(async (tx) => {
      const { count } = await tx.ledgerReviewItem.updateMany({
        where: { reviewId, caseId: decided.caseId, decision: null },
        data: {
          decision: d.kind,
          reason: d.kind === 'carryOver' ? d.reason : null,
          newTargetDate: d.kind === 'carryOver' ? d.newTargetDate : null,
          resultChecked: d.kind === 'strikeOff' ? d.resultChecked : null,
          ratingChecked: d.kind === 'strikeOff' ? d.ratingChecked : null,
          decidedById: decided.signerId,
          decidedByName: decided.signerName,
          decidedAt: new Date(decided.decidedAt),
          escalated: decided.escalate,
        },
      });
      if (count === 1 && escalation) await append(tx, escalation);
    });
  }

  /** Marks the reminder or the escalation of a review, with its event, once. */
  async notice(reviewId: string, what: 'remindedAt' | 'escalatedAt', at: Date, event: GovernanceEventEnvelope): Promise<void> {
    await this.db.$transaction(async (tx) => {
      const { count } = await tx.ledgerReview.updateMany({ where: { id: reviewId, [what]: null }, data: { [what]: at } });
      if (count === 1) await append(tx, event);
    });
  }

  async signOff(reviewId: string, signer: { id: string; name: string }, at: Date, event: GovernanceEventEnvelope | null): Promise<void> {
    await this.db.$transaction(async (tx) => {
      const { count } = await tx.ledgerReview.updateMany({
        where: { id: reviewId, status: 'open' },
        data: { status: 'signedOff', signedOffAt: at, signedById: signer.id, signedByName: signer.name },
      });
      if (count === 1 && event) await append(tx, event);
    });
  }

  find(reviewId: string): Promise<LedgerReview | null> {
    return this.db.ledgerReview.findUnique({ where: { id: reviewId } });
  }

  linesOf(reviewId: string): Promise<LedgerReviewItem[]> {
    return this.db.ledgerReviewItem.findMany({ where: { reviewId }, orderBy: [{ section: 'asc' }, { caseId: 'asc' }] });
  }

  /** Reviews of the units given (all when 'all'), newest month first. */
  list(filter: { unitKeys: readonly string[] | 'all'; period?: string }, limit: number): Promise<LedgerReview[]> {
    return this.db.ledgerReview.findMany({
      where: { ...(filter.unitKeys === 'all' ? {} : { unitKey: { in: [...filter.unitKeys] } }), period: filter.period },
      orderBy: [{ period: 'desc' }, { unitKey: 'asc' }],
      take: limit,
    });
  }

  /** The latest result (or on-the-spot resolution) each case's timeline tells. */
  private async resultSummaries(caseIds: readonly string[]): Promise<Map<string, string>> {
    const summaries = new Map<string, string>();
    for (let i = 0; i < caseIds.length; i += 500) {
      const rows = await this.db.caseTimelineEntry.findMany({
        where: { caseId: { in: caseIds.slice(i, i + 500) }, type: { in: ['resultReported', 'caseResolvedOnSpot'] } },
        orderBy: [{ caseId: 'asc' }, { seq: 'asc' }],
        select: { caseId: true, data: true },
      });
      for (const row of rows) {
        const summary = (JSON.parse(row.data) as { summary?: unknown }).summary;
        if (typeof summary === 'string') summaries.set(row.caseId, summary);
      }
    }
    return summaries;
  }
}

function itemOf(line: LedgerReviewItem): ReviewItem {
  return { caseId: line.caseId, section: line.section as ReviewItem['section'], carriedOverBefore: line.carriedOverBefore };
}

async function append(tx: Tx, event: GovernanceEventEnvelope): Promise<void> {
  await tx.outboxEvent.create({ data: outboxRowOf(event, event.subjectId) });
}
