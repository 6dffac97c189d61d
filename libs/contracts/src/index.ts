export { topics } from './topics';
export { eventEnvelopeSchema, type EventEnvelope } from './events/event-envelope';
export { caseRaisedV1, type CaseRaisedV1 } from './events/case-raised.v1';
export { caseEscalatedV1, type CaseEscalatedV1 } from './events/case-escalated.v1';
export {
  caseEventDefinitions,
  createCaseEvent,
  parseCaseEvent,
  type CaseEvent,
  type ParseResult,
} from './events/case-event';
export {
  caseWorkflowType,
  type CaseWorkflowInput,
  type CaseWorkflowResult,
} from './workflows/case-workflow.contract';
export type { CaseActivities, RecordEscalationInput } from './workflows/case-activities.contract';
