import type { GovernanceEvent } from '@bishan/contracts';
import type { Prisma, ProcessedEvents } from '@bishan/db';
import { shanghaiDayStart } from '@bishan/domain';
import { REPORTING_CONSUMER } from './record-case-fact.handler';

/** Folds a governance event into reporting's rows (the mediations), once per event id, like the case facts. */
export async function recordGovernanceFact(processed: ProcessedEvents, event: GovernanceEvent): Promise<'applied' | 'duplicate'> {
  return processed.applyOnce(REPORTING_CONSUMER, event.eventId, (tx) => applyGovernanceEvent(tx, event));
}

async function applyGovernanceEvent(tx: Prisma.TransactionClient, event: GovernanceEvent): Promise<void> {
  const where = { mediationId: event.subjectId };
  switch (event.type) {
    case 'mediation.recorded': {
      const p = event.payload;
      const facts = {
        townId: p.place.townId,
        villageId: p.place.villageId,
        caseId: p.caseId ?? null,
        meetingId: p.meetingId ?? null,
        method: p.method,
        mediatorKind: p.mediatorKind,
        mediatedOn: p.mediatedOn,
        mediatedAt: new Date(shanghaiDayStart(p.mediatedOn)),
        outcome: p.outcome,
      };
      await tx.reportingMediationFact.upsert({ where, create: { ...where, ...facts }, update: facts });
      return;
    }
    case 'mediation.followedUp':
      // Recorded after its mediation on the same key, so the row is there; a follow-up of a mediation
      // this service never heard of has nothing to count.
      await tx.reportingMediationFact.updateMany({ where, data: { agreementHeld: event.payload.held } });
      return;
    case 'meetingDuty.reminderDue':
    case 'meetingDuty.overdue':
    case 'ledgerReview.opened':
    case 'ledgerReview.reminderDue':
    case 'ledgerReview.escalated':
    case 'ledgerReview.itemEscalated':
    case 'ledgerReview.signedOff':
      // Reminders are told to people; the duties' figures come from the meetings themselves.
      return;
    default:
      return assertNever(event);
  }
}

function assertNever(event: never): never {
  throw new Error(`unhandled governance event ${JSON.stringify(event)}`);
}
