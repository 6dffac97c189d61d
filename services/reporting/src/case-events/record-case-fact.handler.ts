import type { CaseEvent } from '@bishan/contracts';
import type { Prisma, ProcessedEventRepository } from '@bishan/db';

export const REPORTING_CONSUMER = 'reporting';

/** Folds case events into reporting facts; the facts are built from the topic alone, so a replay rebuilds them. */
export async function recordCaseFact(processed: ProcessedEventRepository, event: CaseEvent): Promise<'applied' | 'duplicate'> {
  return processed.applyOnce(REPORTING_CONSUMER, event.eventId, async (tx: Prisma.TransactionClient) => {
    const fact = { where: { caseId: event.caseId } };
    switch (event.type) {
      case 'case.raised': {
        const facts = { category: event.payload.category, townId: event.payload.location.townId, raisedAt: new Date(event.occurredAt) };
        await tx.reportingCaseFact.upsert({ ...fact, create: { caseId: event.caseId, ...facts }, update: facts });
        return;
      }
      case 'case.escalated': {
        const at = new Date(event.occurredAt);
        await tx.reportingCaseFact.upsert({
          ...fact,
          create: { caseId: event.caseId, escalationCount: 1, lastEscalatedAt: at },
          update: { escalationCount: { increment: 1 }, lastEscalatedAt: at },
        });
        return;
      }
      // The KPI facts for these arrive with the reporting service's figures.
      case 'case.resolvedOnSpot':
      case 'case.enteredLedger':
      case 'case.assigned':
      case 'case.published':
      case 'case.claimed':
      case 'case.returned':
      case 'case.transferred':
      case 'case.handlingPlanSubmitted':
      case 'case.reminderSent':
      case 'case.deadlineMissed':
      case 'case.extensionRequested':
      case 'case.extensionApproved':
      case 'case.extensionRejected':
      case 'case.clockPaused':
      case 'case.clockResumed':
      case 'case.resultReported':
      case 'case.feedbackGiven':
      case 'case.rated':
      case 'case.ratingWindowExpired':
      case 'case.reopened':
      case 'case.flaggedConcentrated':
      case 'case.closed':
        return;
      default:
        return assertNever(event);
    }
  });
}

function assertNever(event: never): never {
  throw new Error(`unhandled event ${JSON.stringify(event)}`);
}
