// The contracts workflow code may import: update, query and activity definitions, and nothing that
// pulls in zod. Temporal evaluates a workflow's modules once per cached workflow (the module cache is
// per workflow even in a reused V8 context), so every event schema built here would be built again
// for each open case — in time when it starts and in memory while it waits on its deadlines.
export {
  acknowledgeEscalationUpdate,
  acknowledgeInstructionUpdate,
  approveExtensionUpdate,
  approvePauseUpdate,
  assignDepartmentUpdate,
  calendarUpdatedSignal,
  instructCaseUpdate,
  reassignCaseUpdate,
  recordRatingUpdate,
  rejectPauseUpdate,
  urgeCaseUpdate,
  caseActionUpdates,
  caseSnapshotQuery,
  caseWorkflowType,
  claimCaseUpdate,
  flagConcentratedUpdate,
  giveFeedbackUpdate,
  pauseClockUpdate,
  rateCaseUpdate,
  rejectExtensionUpdate,
  reportResultUpdate,
  requestExtensionUpdate,
  resumeClockUpdate,
  returnCaseUpdate,
  submitHandlingPlanUpdate,
  transferCaseUpdate,
  triageCaseUpdate,
  type CarriedCaseState,
  type CaseActionType,
  type CaseSnapshot,
  type CaseWorkflowInput,
  type CaseWorkflowResult,
} from './case-workflow.contract';
export type { CaseActivities, RecordCaseEventsInput, SequencedCaseEvent } from './case-activities.contract';
export { rejectionFailure, rejectionOf } from './rejection-failure';
export {
  caseSearchAttributeKeys,
  caseSearchQueries,
  inTaskQueue,
  caseSearchAttributesAtStart,
  caseSearchAttributeUpdates,
  caseSearchAttributeValues,
  recordedView,
  shownCaseSearchAttributes,
  type CaseSearchAttributeName,
  type CaseSearchAttributeValues,
  type ShownCaseSearchAttributes,
} from './case-search-attributes';
export {
  calendarRolloutWorkflowId,
  calendarRolloutWorkflowType,
  type CalendarRolloutActivities,
  type CalendarRolloutInput,
  type CalendarRolloutResult,
} from './calendar-rollout.contract';
export {
  concentratedIssueSweepScheduleId,
  concentratedIssueSweepWorkflowType,
  type ClusterToFlag,
  type ConcentratedIssueActivities,
  type ConcentratedIssueSweepResult,
} from './concentrated-issue-sweep.contract';
export {
  manualReconciliationWorkflowId,
  monthlyReconciliationScheduleId,
  monthlyReconciliationWorkflowType,
  reconciliationStatusQuery,
  signOffReconciliationUpdate,
  type MonthlyReconciliationActivities,
  type MonthlyReconciliationInput,
  type ReconciliationPage,
  type ReconciliationPhase,
  type ReconciliationStatus,
  type SignOffReconciliation,
  type SignOffRecord,
} from './monthly-reconciliation.contract';
export {
  meetingDutyRemindersScheduleId,
  meetingDutyRemindersWorkflowType,
  type MeetingDutyReminderActivities,
  type MeetingDutyRemindersInput,
  type MeetingDutyRemindersResult,
} from './meeting-duty-reminders.contract';
export {
  policyWhatIfRunId,
  policyWhatIfStatusQuery,
  policyWhatIfWorkflowType,
  type PolicyWhatIfActivities,
  type PolicyWhatIfInput,
  type PolicyWhatIfPhase,
  type PolicyWhatIfStatus,
  type WhatIfPageResult,
} from './policy-what-if.contract';
export {
  decideLedgerItemUpdate,
  ledgerReviewRoundWorkflowType,
  ledgerReviewScheduleId,
  ledgerReviewStatusQuery,
  ledgerReviewWorkflowId,
  ledgerReviewWorkflowType,
  signLedgerReviewUpdate,
  type DecideLedgerItem,
  type LedgerReviewActivities,
  type LedgerReviewInput,
  type LedgerReviewPhase,
  type LedgerReviewRoundInput,
  type LedgerReviewStatus,
  type SignLedgerReview,
} from './ledger-review.contract';
