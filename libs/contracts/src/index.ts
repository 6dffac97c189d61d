export { topics, topicsWithPrefix, type Topics } from './topics';
export { eventEnvelopeSchema, type EventEnvelope } from './events/event-envelope';
export {
  caseEventContractTypes,
  contractTypeOf,
  type CaseEventContractType,
  type ContractTypeOf,
} from './events/case-event-types';
// Every versioned event definition (caseRaisedV1 … caseClosedV1) and caseEventsV1.
export * from './events/v1';
export {
  caseEventDefinitions,
  createCaseEvent,
  createCaseEventFromDomain,
  parseCaseEvent,
  type CaseEvent,
  type CaseEventDefinition,
  type ParseResult,
} from './events/case-event';
export { meetingAttendanceRecordedV1 } from './events/v1/meeting-attendance-recorded.v1';
export { meetingClosedV1 } from './events/v1/meeting-closed.v1';
export { meetingOpenedV1 } from './events/v1/meeting-opened.v1';
export {
  createMeetingEvent,
  meetingAttendanceRecordedEventOf,
  meetingClosedEventOf,
  meetingEventDefinitions,
  meetingEventEnvelopeSchema,
  meetingEventIds,
  meetingEventsV1,
  meetingOpenedEventOf,
  parseMeetingEvent,
  type MeetingEvent,
  type MeetingEventDefinition,
  type MeetingEventEnvelope,
  type MeetingEventType,
  type MeetingParseResult,
} from './events/meeting-event';
export {
  createGovernanceEvent,
  governanceEventDefinitions,
  governanceEventEnvelopeSchema,
  governanceEventsV1,
  parseGovernanceEvent,
  type GovernanceEvent,
  type GovernanceEventEnvelope,
  type GovernanceEventType,
} from './events/governance-event';
export { mediationRecordedV1 } from './events/v1/mediation-recorded.v1';
export { mediationFollowedUpV1 } from './events/v1/mediation-followed-up.v1';
export { mediationEventIds, mediationFollowedUpEventOf, mediationRecordedEventOf } from './events/mediation-events';
export { meetingDutyOverdueV1, meetingDutyReminderDueV1 } from './events/v1/meeting-duty-notice.v1';
export { meetingDutyEventIds, meetingDutyOverdueEventOf, meetingDutyReminderEventOf } from './events/meeting-duty-events';
export {
  ledgerItemEscalatedV1,
  ledgerReviewEscalatedV1,
  ledgerReviewOpenedV1,
  ledgerReviewReminderDueV1,
  ledgerReviewSignedOffV1,
} from './events/v1/ledger-review-notice.v1';
export {
  ledgerItemEscalatedEventOf,
  ledgerReviewEscalatedEventOf,
  ledgerReviewEventIds,
  ledgerReviewOpenedEventOf,
  ledgerReviewReminderEventOf,
  ledgerReviewSignedOffEventOf,
  type LedgerReviewNoticeBase,
} from './events/ledger-review-events';
export {
  isCaseEvent,
  isGovernanceEvent,
  isMeetingEvent,
  parseCaseTopicEvent,
  type CaseTopicEvent,
  type CaseTopicParseResult,
} from './events/case-topic-event';
// Workflow, update, query and activity contracts (also importable alone, without zod).
export * from './workflows';
