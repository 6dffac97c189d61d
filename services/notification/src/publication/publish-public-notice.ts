import type { CaseEvent } from '@bishan/contracts';
import type { BishanOrganisation, Prisma } from '@bishan/db';
import { publicNoticeOf, shanghaiDateOf, type PublishedStep } from '@bishan/domain';
import { NotificationReads } from '../case-events/notification-reads';
import type { CaseScope } from '../recipients/case-scope';

/** What a case event tells the residents, if anything: triage results, handling plans, results. */
export function publishedStepOf(event: CaseEvent, org: BishanOrganisation): PublishedStep | null {
  switch (event.type) {
    case 'case.assigned': {
      const { level, unitId } = event.payload;
      const unitName =
        level === 'village' ? org.villages.find((v) => v.id === unitId)?.name : org.towns.find((t) => t.id === unitId)?.name;
      return { step: 'triaged', route: level, unitName: unitName ?? '' };
    }
    case 'case.published':
      return { step: 'triaged', route: 'district', unitName: '' };
    case 'case.handlingPlanSubmitted': {
      const department = org.departments.find((d) => d.id === event.payload.responsibility.departmentId);
      const due = event.payload.handlingDueAt;
      return { step: 'planned', departmentName: department?.name ?? '承办部门', plan: event.payload.plan, dueDate: due ? dueDayOf(due) : null };
    }
    case 'case.resultReported':
    case 'case.resolvedOnSpot':
      return { step: 'resulted', summary: event.payload.summary };
    // An earlier notice no longer holds: the residents are told so, since a post cannot be taken back.
    case 'case.returned':
      return { step: 'returned' };
    case 'case.reopened':
      return { step: 'reopened' };
    // The rest is the officials' own business (deadlines, escalations, extensions, ratings…).
    case 'case.raised':
    case 'case.enteredLedger':
    case 'case.departmentAssigned':
    case 'case.claimed':
    case 'case.transferred':
    case 'case.reassigned':
    case 'case.clockPaused':
    case 'case.clockResumed':
    case 'case.pauseRequested':
    case 'case.pauseRequestRejected':
    case 'case.deadlineMissed':
    case 'case.deadlinesRecomputed':
    case 'case.escalated':
    case 'case.escalationAcknowledged':
    case 'case.extensionRequested':
    case 'case.extensionApproved':
    case 'case.extensionRejected':
    case 'case.instructionIssued':
    case 'case.instructionAcknowledged':
    case 'case.jointTaskAssigned':
    case 'case.jointTaskCompleted':
    case 'case.jointTaskExplained':
    case 'case.urged':
    case 'case.reminderSent':
    case 'case.flaggedConcentrated':
    case 'case.feedbackGiven':
    case 'case.rated':
    case 'case.ratingCollected':
    case 'case.ratingWindowExpired':
    case 'case.requestsWithdrawn':
    case 'case.closed':
      return null;
  }
}

/** The Shanghai day a deadline ends on: one at 24:00 is that day's, not the next day's 00:00. */
function dueDayOf(iso: string): string {
  return shanghaiDateOf(Date.parse(iso) - 1);
}

/**
 * Writes the public notice of a case event, and plans its post to the village's residents' group
 * robot when one is configured, in the caller's transaction (the event's, applied once). Only what
 * publicNoticeOf puts in a notice leaves: no staff id, name or internal note.
 */
export async function publishPublicNotice(
  tx: Prisma.TransactionClient,
  event: CaseEvent,
  scope: CaseScope | null,
  org: BishanOrganisation,
  now: Date,
  reads: NotificationReads = new NotificationReads(),
): Promise<boolean> {
  const step = publishedStepOf(event, org);
  if (!step || !scope) return false;
  const notice = publicNoticeOf(
    {
      caseId: event.caseId,
      category: scope.category,
      townName: org.towns.find((t) => t.id === scope.townId)?.name ?? '',
      villageName: org.villages.find((v) => v.id === scope.villageId)?.name ?? '',
    },
    step,
  );
  const id = `${event.eventId}/public`;
  await tx.notificationPublicNotice.create({
    data: {
      id,
      eventId: event.eventId,
      caseId: event.caseId,
      townId: scope.townId,
      villageId: scope.villageId,
      kind: notice.kind,
      title: notice.title,
      text: notice.text,
      publishedAt: new Date(event.occurredAt),
    },
  });
  const robot = await reads.webhookOf(tx, { scopeKind: 'village', scopeId: scope.villageId });
  if (robot)
    await tx.notificationDelivery.create({
      data: {
        id: `${id}/residents:${robot.style}`,
        eventId: event.eventId,
        channel: `residents:${robot.style}`,
        target: robot.url,
        subject: notice.title,
        body: notice.text,
        status: 'pending',
        nextAttemptAt: now,
        createdAt: now,
      },
    });
  return true;
}
