import type { CaseEvent } from '@bishan/contracts';
import type { Prisma, ProcessedEventRepository } from '@bishan/db';

export const NOTIFICATION_CONSUMER = 'notification';

/** Who hears about an event and what they read, in Chinese, as residents and officials do. */
export async function notifyOnCaseEvent(processed: ProcessedEventRepository, event: CaseEvent): Promise<'applied' | 'duplicate'> {
  return processed.applyOnce(NOTIFICATION_CONSUMER, event.eventId, async (tx: Prisma.TransactionClient) => {
    switch (event.type) {
      case 'case.raised':
        // Nobody is told yet: triage and routing decide who acts on a raised case.
        return;
      case 'case.escalated':
        await tx.notificationMessage.create({
          data: {
            id: `${event.eventId}/inbox`,
            eventId: event.eventId,
            caseId: event.caseId,
            recipient: event.payload.escalatedTo,
            channel: 'inbox',
            body: `诉求 ${event.caseId} 已超期升级(第 ${event.payload.step} 级):${event.payload.reason}`,
            createdAt: new Date(event.occurredAt),
          },
        });
        return;
      default:
        return assertNever(event);
    }
  });
}

function assertNever(event: never): never {
  throw new Error(`unhandled event ${JSON.stringify(event)}`);
}
