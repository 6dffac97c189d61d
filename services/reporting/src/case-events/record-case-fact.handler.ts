import type { CaseEvent } from '@bishan/contracts';
import type { Prisma, ProcessedEventRepository } from '@bishan/db';

export const REPORTING_CONSUMER = 'reporting';

/** Folds case events into reporting facts; the facts are built from the topic alone, so a replay rebuilds them. */
export async function recordCaseFact(processed: ProcessedEventRepository, event: CaseEvent): Promise<'applied' | 'duplicate'> {
  return processed.applyOnce(REPORTING_CONSUMER, event.eventId, async (tx: Prisma.TransactionClient) => {
    switch (event.type) {
      case 'case.raised': {
        const facts = { category: event.payload.category, townId: event.payload.townId, raisedAt: new Date(event.occurredAt) };
        await tx.reportingCaseFact.upsert({
          where: { caseId: event.caseId },
          create: { caseId: event.caseId, ...facts },
          update: facts,
        });
        return;
      }
      case 'case.escalated': {
        const at = new Date(event.occurredAt);
        await tx.reportingCaseFact.upsert({
          where: { caseId: event.caseId },
          create: { caseId: event.caseId, escalationCount: 1, lastEscalatedAt: at },
          update: { escalationCount: { increment: 1 }, lastEscalatedAt: at },
        });
        return;
      }
      default:
        return assertNever(event);
    }
  });
}

function assertNever(event: never): never {
  throw new Error(`unhandled event ${JSON.stringify(event)}`);
}
