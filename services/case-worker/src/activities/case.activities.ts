import { caseEscalatedV1, createCaseEvent, type CaseActivities } from '@bishan/contracts';
import type { CaseRepository } from '@bishan/db';

export interface CaseActivityDependencies {
  cases: Pick<CaseRepository, 'recordEscalation'>;
  clock: () => Date;
}

/** Activities are thin: they turn a workflow decision into a row change plus its outbox event. */
export function createCaseActivities({ cases, clock }: CaseActivityDependencies): CaseActivities {
  return {
    async recordEscalation(input) {
      const event = createCaseEvent(caseEscalatedV1, {
        // Stable across retries, so a retried activity and its consumers see the same event.
        eventId: `${input.caseId}/escalated/${input.step}`,
        caseId: input.caseId,
        occurredAt: input.occurredAt,
        payload: {
          step: input.step,
          reason: input.reason,
          escalatedTo: input.escalatedTo,
          deadlineAt: input.deadlineAt,
        },
      });
      const recorded = await cases.recordEscalation(
        {
          id: event.eventId,
          caseId: input.caseId,
          step: input.step,
          reason: input.reason,
          escalatedTo: input.escalatedTo,
          deadlineAt: new Date(input.deadlineAt),
          recordedAt: clock(),
        },
        event,
      );
      return { recorded };
    },
  };
}
