import type { CaseEvent } from '@bishan/contracts';
import type { Prisma, ProcessedEventRepository } from '@bishan/db';

export const NOTIFICATION_CONSUMER = 'notification';

interface Message {
  recipient: string;
  body: string;
}

const escalationReason: Record<string, string> = {
  overdue: '办理超期',
  unclaimed: '认领期满无人认领',
  reopenedAgain: '二次重办',
};

/** Who hears about an event and what they read, in Chinese, as residents and officials do. */
export function messagesFor(event: CaseEvent): Message[] {
  switch (event.type) {
    case 'case.escalated':
      return event.payload.targetIds.map((recipient) => ({
        recipient,
        body: `诉求 ${event.caseId} 已升级督办(第 ${event.payload.step} 级,${escalationReason[event.payload.trigger] ?? event.payload.trigger}),请及时调度。`,
      }));
    case 'case.reminderSent':
      return event.payload.notify.map((recipient) => ({
        recipient,
        body: `提醒:诉求 ${event.caseId} 的办理时限将于 ${event.payload.forDueAt} 到期(已过 ${Math.round(event.payload.fraction * 100)}%)。`,
      }));
    case 'case.deadlineMissed':
      return event.payload.notify.map((recipient) => ({
        recipient,
        body: `诉求 ${event.caseId} 已超过办理时限(${event.payload.dueAt})。`,
      }));
    // The rest reach people through the case pages; notices for them come with the notification templates.
    case 'case.raised':
    case 'case.resolvedOnSpot':
    case 'case.enteredLedger':
    case 'case.assigned':
    case 'case.published':
    case 'case.claimed':
    case 'case.returned':
    case 'case.transferred':
    case 'case.handlingPlanSubmitted':
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
      return [];
    default:
      return assertNever(event);
  }
}

export async function notifyOnCaseEvent(processed: ProcessedEventRepository, event: CaseEvent): Promise<'applied' | 'duplicate'> {
  return processed.applyOnce(NOTIFICATION_CONSUMER, event.eventId, async (tx: Prisma.TransactionClient) => {
    for (const [index, message] of messagesFor(event).entries()) {
      await tx.notificationMessage.create({
        data: {
          id: `${event.eventId}/inbox/${index}`,
          eventId: event.eventId,
          caseId: event.caseId,
          recipient: message.recipient,
          channel: 'inbox',
          body: message.body,
          createdAt: new Date(event.occurredAt),
        },
      });
    }
  });
}

function assertNever(event: never): never {
  throw new Error(`unhandled event ${JSON.stringify(event)}`);
}
