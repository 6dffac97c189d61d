import type { CaseEvent } from '@bishan/contracts';
import type { Prisma, ProcessedEvents } from '@bishan/db';

export const REPORTING_CONSUMER = 'reporting';

type CaseFactChange = Prisma.ReportingCaseFactUpdateManyMutationInput;

/**
 * Folds a case event into the reporting facts. The facts are built from the topic alone (every
 * value comes from an event, none from the clock), so a replay from offset zero rebuilds them.
 * The dedup row and the change commit together: a redelivered event changes nothing.
 *
 * With `writes` (a batch's), the change to the case's row joins the batch's and is written when the
 * batch commits (CaseFactWrites.writeIn, same transaction); without, it is written at once.
 */
export async function recordCaseFact(
  processed: ProcessedEvents,
  event: CaseEvent,
  writes?: CaseFactWrites,
): Promise<'applied' | 'duplicate'> {
  return processed.applyOnce(REPORTING_CONSUMER, event.eventId, async (tx) => {
    const rows = writes ?? new CaseFactWrites();
    rows.add(event);
    await recordOccurrence(tx, event);
    if (!writes) await rows.writeIn(tx);
  });
}

/**
 * The changes a run of events makes to the case rows, folded into one per case and written with one
 * statement each: a case resolved on the spot is raised, resolved and closed in one batch, which was
 * five statements on its row and is now one.
 */
export class CaseFactWrites {
  private readonly rows = new Map<string, { change: CaseFactChange; maxEscalationStep: number }>();

  add(event: CaseEvent): void {
    const change = caseFactChangeOf(event);
    const step = event.type === 'case.escalated' ? event.payload.step : 0;
    if (!change && step === 0) return;
    const row = this.rows.get(event.caseId) ?? { change: {}, maxEscalationStep: 0 };
    this.rows.set(event.caseId, {
      change: change ? foldCaseFactChanges(row.change, change) : row.change,
      maxEscalationStep: Math.max(row.maxEscalationStep, step),
    });
  }

  async writeIn(tx: Prisma.TransactionClient): Promise<void> {
    for (const [caseId, { change, maxEscalationStep }] of this.rows) {
      // Events of one case arrive in order (keyed by case), so the row is made by case.raised; made
      // on first sight anyway.
      await tx.reportingCaseFact.upsert({
        where: { caseId },
        create: { caseId, ...asCreated(change) },
        update: change,
      });
      if (maxEscalationStep > 0)
        await tx.reportingCaseFact.updateMany({
          where: { caseId, maxEscalationStep: { lt: maxEscalationStep } },
          data: { maxEscalationStep },
        });
    }
    this.rows.clear();
  }
}

/** One change doing what `earlier` then `later` do: a field set later wins, and increments add up. */
export function foldCaseFactChanges(earlier: CaseFactChange, later: CaseFactChange): CaseFactChange {
  const folded: Record<string, unknown> = { ...earlier };
  for (const [field, value] of Object.entries(later)) {
    const before = folded[field];
    const added = incrementOf(value);
    if (added === null) folded[field] = value;
    else if (typeof before === 'number') folded[field] = before + added;
    else folded[field] = { increment: (incrementOf(before) ?? 0) + added };
  }
  return folded as CaseFactChange;
}

/** The change as a new row's values: an increment of a count that starts at zero is its amount. */
function asCreated(change: CaseFactChange): Omit<Prisma.ReportingCaseFactCreateInput, 'caseId'> {
  return Object.fromEntries(
    Object.entries(change).map(([field, value]) => [field, incrementOf(value) ?? value]),
  ) as Omit<Prisma.ReportingCaseFactCreateInput, 'caseId'>;
}

function incrementOf(value: unknown): number | null {
  return typeof value === 'object' && value !== null && 'increment' in value
    ? Number((value as { increment: unknown }).increment)
    : null;
}

/** What the event changes in the case's row; null when it carries nothing a KPI reads. */
export function caseFactChangeOf(event: CaseEvent): CaseFactChange | null {
  const p = event.payload;
  switch (event.type) {
    case 'case.raised':
      return {
        category: event.payload.category,
        channel: event.payload.channel,
        meetingId: event.payload.meetingId ?? null,
        townId: event.payload.location.townId,
        villageId: event.payload.location.villageId,
        raisedAt: new Date(p.at),
      };
    case 'case.resolvedOnSpot':
      return { resolvedOnSpot: true };
    case 'case.enteredLedger':
      return { enteredLedgerAt: new Date(p.at) };
    case 'case.assigned':
      return {
        handlingLevel: event.payload.level,
        // A village or town handles it (never the district: that is a claim): no department. The
        // unit is the case's own village or town (the KPIs' localUnit), not a department id.
        departmentId: null,
        handlingDueAt: new Date(event.payload.dueAt),
        leaderId: event.payload.supervision.leaderIds[0] ?? null,
      };
    case 'case.published':
      // Published again after a return: the claim clock starts over from this publication.
      return {
        handlingLevel: 'district',
        publishedAt: new Date(p.at),
        claimDueAt: new Date(event.payload.claimDueAt),
      };
    case 'case.claimed':
      return {
        claimedAt: new Date(p.at),
        claimedLate: event.payload.late,
        departmentId: event.payload.leadDepartmentId,
        handlingDueAt: new Date(event.payload.handlingDueAt),
        leaderId: event.payload.supervision.leaderIds[0] ?? null,
      };
    case 'case.departmentAssigned':
      // 交办 by a leader counts as the department's start, late when the claim window had passed.
      return {
        claimedAt: new Date(p.at),
        claimedLate: event.payload.late,
        departmentId: event.payload.departmentId,
        handlingDueAt: new Date(event.payload.handlingDueAt),
        leaderId: event.payload.supervision.leaderIds[0] ?? null,
      };
    case 'case.returned':
      return { departmentId: null, claimedAt: null, claimedLate: null };
    case 'case.transferred':
    case 'case.reassigned':
      return {
        departmentId: event.payload.toDepartmentId,
        leaderId: event.payload.supervision.leaderIds[0] ?? null,
      };
    case 'case.deadlineMissed':
      return { deadlinesMissed: { increment: 1 } };
    case 'case.escalated':
      return {
        escalationCount: { increment: 1 },
        lastEscalatedAt: new Date(p.at),
        ...(event.payload.supervision ? { leaderId: event.payload.supervision.leaderIds[0] ?? null } : {}),
      };
    case 'case.extensionRequested':
      return { extensionsRequested: { increment: 1 } };
    case 'case.extensionApproved':
      return { extensionsApproved: { increment: 1 }, handlingDueAt: new Date(event.payload.newDueAt) };
    case 'case.extensionRejected':
      return { extensionsRejected: { increment: 1 } };
    case 'case.resultReported':
      return { resultReportedAt: new Date(p.at), resultOverdue: event.payload.overdue };
    case 'case.feedbackGiven':
      return { feedbackAt: new Date(p.at), feedbackLate: event.payload.late };
    case 'case.rated':
      return { lastRating: event.payload.rating, lastRatedAt: new Date(p.at) };
    case 'case.reopened':
      return { reopenCount: event.payload.reopenCount, handlingDueAt: new Date(event.payload.dueAt) };
    case 'case.flaggedConcentrated':
      return { concentrated: true, leaderId: event.payload.supervision.leaderIds[0] ?? null };
    case 'case.closed':
      return { closure: event.payload.closure, closedAt: new Date(p.at) };
    // Timeline detail no KPI reads: the plan, reminders, pauses, the lapse that precedes case.closed,
    // and supervision and requests, which leave their trace in the timeline (the KPIs count outcomes).
    case 'case.handlingPlanSubmitted':
    case 'case.reminderSent':
    case 'case.clockPaused':
    case 'case.clockResumed':
    case 'case.ratingWindowExpired':
    case 'case.pauseRequested':
    case 'case.pauseRequestRejected':
    case 'case.ratingCollected':
    case 'case.urged':
    case 'case.instructionIssued':
    case 'case.instructionAcknowledged':
    case 'case.escalationAcknowledged':
    case 'case.requestsWithdrawn':
    case 'case.jointTaskAssigned':
    case 'case.jointTaskCompleted':
    case 'case.jointTaskExplained':
    case 'case.deadlinesRecomputed':
      return null;
    default:
      return assertNever(event);
  }
}

/** Events counted one by one (every rating, every escalation) get a row of their own, keyed by event id. */
async function recordOccurrence(tx: Prisma.TransactionClient, event: CaseEvent): Promise<void> {
  if (event.type === 'case.rated') {
    await tx.reportingRatingFact.create({
      data: {
        eventId: event.eventId,
        caseId: event.caseId,
        rating: event.payload.rating,
        ratedAt: new Date(event.payload.at),
      },
    });
  } else if (event.type === 'case.escalated') {
    await tx.reportingEscalationFact.create({
      data: {
        eventId: event.eventId,
        caseId: event.caseId,
        step: event.payload.step,
        trigger: event.payload.trigger,
        target: event.payload.target,
        escalatedAt: new Date(event.payload.at),
      },
    });
    // The case's highest step goes with the row's change (CaseFactWrites).
  }
}

function assertNever(event: never): never {
  throw new Error(`unhandled event ${JSON.stringify(event)}`);
}
