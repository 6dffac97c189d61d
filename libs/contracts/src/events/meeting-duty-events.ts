import type { MeetingDuty } from '@bishan/domain';
import { createGovernanceEvent, type GovernanceEventEnvelope } from './governance-event';
import { meetingDutyOverdueV1, meetingDutyReminderDueV1 } from './v1/meeting-duty-notice.v1';

/** Each duty (of one period) is reminded once and told overdue once: the ids follow from the duty. */
export const meetingDutyEventIds = {
  reminderDue: (dutyId: string) => `meetingDuty:${dutyId}/reminder`,
  overdue: (dutyId: string) => `meetingDuty:${dutyId}/overdue`,
} as const;

function payloadOf(duty: MeetingDuty, at: string) {
  const { unit } = duty;
  return {
    at,
    actor: { id: 'system', role: 'system' as const },
    dutyId: duty.id,
    kind: duty.kind,
    level: duty.level,
    period: { key: duty.period.key, from: duty.period.from, to: duty.period.to },
    dueAt: duty.dueAt,
    holderIds: duty.holderIds,
    unit: {
      kind: unit.kind,
      townId: unit.townId,
      ...(unit.kind === 'town' ? {} : { villageId: unit.villageId }),
      ...(unit.kind === 'residentGroup' ? { group: unit.group } : {}),
    },
    required: duty.required,
    held: duty.held,
  };
}

export function meetingDutyReminderEventOf(duty: MeetingDuty, at: string): GovernanceEventEnvelope {
  return createGovernanceEvent(meetingDutyReminderDueV1, {
    eventId: meetingDutyEventIds.reminderDue(duty.id),
    subjectId: duty.id,
    occurredAt: at,
    payload: payloadOf(duty, at),
  });
}

export function meetingDutyOverdueEventOf(duty: MeetingDuty, at: string): GovernanceEventEnvelope {
  return createGovernanceEvent(meetingDutyOverdueV1, {
    eventId: meetingDutyEventIds.overdue(duty.id),
    subjectId: duty.id,
    occurredAt: at,
    payload: payloadOf(duty, at),
  });
}
