import type { Actor, Mediation } from '@bishan/domain';
import { createGovernanceEvent, type GovernanceEventEnvelope } from './governance-event';
import { mediationFollowedUpV1 } from './v1/mediation-followed-up.v1';
import { mediationRecordedV1 } from './v1/mediation-recorded.v1';

/** A mediation is recorded once and followed up at most once, so both ids follow from the mediation. */
export const mediationEventIds = {
  recorded: (mediationId: string) => `mediation:${mediationId}/recorded`,
  followedUp: (mediationId: string) => `mediation:${mediationId}/followed-up`,
} as const;

/** The event telling that `recordMediation` accepted this mediation. */
export function mediationRecordedEventOf(mediation: Mediation, actor: Actor): GovernanceEventEnvelope {
  const { townId, villageId, courtyardId } = mediation.place;
  return createGovernanceEvent(mediationRecordedV1, {
    eventId: mediationEventIds.recorded(mediation.id),
    subjectId: mediation.id,
    occurredAt: mediation.recordedAt,
    payload: {
      at: mediation.recordedAt,
      actor,
      ...(mediation.caseId ? { caseId: mediation.caseId } : {}),
      ...(mediation.meetingId ? { meetingId: mediation.meetingId } : {}),
      place: { townId, villageId, ...(courtyardId ? { courtyardId } : {}) },
      mediatorKind: mediation.mediator.kind,
      parties: mediation.parties.length,
      mediatedOn: mediation.mediatedOn,
      method: mediation.method,
      outcome: mediation.outcome,
      ...(mediation.followUpOn ? { followUpOn: mediation.followUpOn } : {}),
    },
  });
}

/** The event telling that `recordFollowUp` recorded whether the agreement held. */
export function mediationFollowedUpEventOf(mediation: Mediation, actor: Actor): GovernanceEventEnvelope {
  const followUp = mediation.followUp;
  if (!followUp) throw new Error(`mediation '${mediation.id}' has no follow-up to tell`);
  return createGovernanceEvent(mediationFollowedUpV1, {
    eventId: mediationEventIds.followedUp(mediation.id),
    subjectId: mediation.id,
    occurredAt: followUp.recordedAt,
    payload: { at: followUp.recordedAt, actor, checkedOn: followUp.checkedOn, held: followUp.held },
  });
}
