import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  AcknowledgeEscalation,
  AssignJointTask,
  CompleteJointTask,
  ExplainJointTask,
  AcknowledgeInstruction,
  ApproveExtension,
  ApprovePause,
  AssignDepartment,
  CalendarData,
  CasePolicy,
  CaseActionType,
  CaseState,
  CaseView,
  ClaimCase,
  FlagConcentrated,
  GiveFeedback,
  InstructCase,
  PauseClock,
  RaiseCase,
  RateCase,
  ReassignCase,
  RecordRating,
  RejectExtension,
  RejectPause,
  ReportResult,
  RequestExtension,
  ResumeClock,
  ReturnCase,
  SubmitHandlingPlan,
  TransferCase,
  TriageCase,
  UrgeCase,
} from '@bishan/domain';
import type { SequencedCaseEvent } from './case-activities.contract';

/**
 * What the API, the worker and tests share about the case workflow, without importing its code.
 * Workflow id = case id, so a retried start of the same case can never run the loop twice.
 */
export const caseWorkflowType = 'caseWorkflow';

export interface CaseWorkflowInput {
  caseId: string;
  /**
   * The command that raised the case; the workflow applies it as its first step. It names the
   * policy version, chosen once by the starter (the API pins the latest): a workflow that picked
   * "the latest" itself would pick another one when replayed after a new version is published.
   * Inputs from before the version was named replay with `versionBeforePinnedStarts`.
   */
  raise: RaiseCase & { policyVersion: string };
  /**
   * The pinned policy itself. Versions are data (published by administrators, immutable once
   * published), so the workflow takes the one it runs under from its input rather than from the
   * code it was built with; absent in inputs from before, which name a version compiled in.
   */
  policy?: CasePolicy;
  /**
   * Present when the starter (the case API) already decided the raise and recorded its events —
   * read model, timeline and outbox in its own transaction: the workflow adopts them as its first
   * step instead of deciding and recording again. A case closed by them (resolved on the spot)
   * ends in the workflow's first task, without an activity.
   */
  recorded?: { events: SequencedCaseEvent[] };
  /** Present after continue-as-new: the state and event counter carried into the new run. */
  carried?: CarriedCaseState;
}

export interface CarriedCaseState {
  state: CaseState;
  /** Sequence number of the last event emitted; event ids are `${caseId}/${seq}`. */
  eventSeq: number;
}

export interface CaseWorkflowResult {
  caseId: string;
  closure: string | null;
  closedAt: string | null;
}

/** The case as its query answers: the view people read, plus the sequence of the last event. */
export type CaseSnapshot = { view: CaseView | { status: 'notRaised' }; eventSeq: number };

export const caseSnapshotQuery = defineQuery<CaseSnapshot>('caseSnapshot');

// One update per action of the loop. Each validator runs the domain's decide(): a wrong actor, a
// wrong state or a late action is rejected with the rule's reason before anything is recorded.
export const triageCaseUpdate = defineUpdate<CaseSnapshot, [TriageCase]>('triageCase');
export const claimCaseUpdate = defineUpdate<CaseSnapshot, [ClaimCase]>('claimCase');
export const returnCaseUpdate = defineUpdate<CaseSnapshot, [ReturnCase]>('returnCase');
export const transferCaseUpdate = defineUpdate<CaseSnapshot, [TransferCase]>('transferCase');
export const submitHandlingPlanUpdate = defineUpdate<CaseSnapshot, [SubmitHandlingPlan]>(
  'submitHandlingPlan',
);
export const requestExtensionUpdate = defineUpdate<CaseSnapshot, [RequestExtension]>('requestExtension');
export const approveExtensionUpdate = defineUpdate<CaseSnapshot, [ApproveExtension]>('approveExtension');
export const rejectExtensionUpdate = defineUpdate<CaseSnapshot, [RejectExtension]>('rejectExtension');
export const pauseClockUpdate = defineUpdate<CaseSnapshot, [PauseClock]>('pauseClock');
export const resumeClockUpdate = defineUpdate<CaseSnapshot, [ResumeClock]>('resumeClock');
export const reportResultUpdate = defineUpdate<CaseSnapshot, [ReportResult]>('reportResult');
export const giveFeedbackUpdate = defineUpdate<CaseSnapshot, [GiveFeedback]>('giveFeedback');
export const rateCaseUpdate = defineUpdate<CaseSnapshot, [RateCase]>('rateCase');
export const flagConcentratedUpdate = defineUpdate<CaseSnapshot, [FlagConcentrated]>('flagConcentrated');
export const approvePauseUpdate = defineUpdate<CaseSnapshot, [ApprovePause]>('approvePause');
export const rejectPauseUpdate = defineUpdate<CaseSnapshot, [RejectPause]>('rejectPause');
export const recordRatingUpdate = defineUpdate<CaseSnapshot, [RecordRating]>('recordRating');
export const assignDepartmentUpdate = defineUpdate<CaseSnapshot, [AssignDepartment]>('assignDepartment');
export const reassignCaseUpdate = defineUpdate<CaseSnapshot, [ReassignCase]>('reassignCase');
export const urgeCaseUpdate = defineUpdate<CaseSnapshot, [UrgeCase]>('urgeCase');
export const instructCaseUpdate = defineUpdate<CaseSnapshot, [InstructCase]>('instructCase');
export const acknowledgeInstructionUpdate = defineUpdate<CaseSnapshot, [AcknowledgeInstruction]>('acknowledgeInstruction');
export const acknowledgeEscalationUpdate = defineUpdate<CaseSnapshot, [AcknowledgeEscalation]>('acknowledgeEscalation');
export const assignJointTaskUpdate = defineUpdate<CaseSnapshot, [AssignJointTask]>('assignJointTask');
export const completeJointTaskUpdate = defineUpdate<CaseSnapshot, [CompleteJointTask]>('completeJointTask');
export const explainJointTaskUpdate = defineUpdate<CaseSnapshot, [ExplainJointTask]>('explainJointTask');

/**
 * Newer holiday data (a year's schedule was loaded): the case counts on it from now on, and counts
 * its provisional deadlines again. A signal, not an update: the loader tells every open case and
 * waits for none; a case already on that data ignores it.
 */
export const calendarUpdatedSignal = defineSignal<[{ calendar: CalendarData; reason: string }]>('calendarUpdated');

/** Every action a person can take on a running case, by command type. */
export const caseActionUpdates = {
  triageCase: triageCaseUpdate,
  claimCase: claimCaseUpdate,
  returnCase: returnCaseUpdate,
  transferCase: transferCaseUpdate,
  submitHandlingPlan: submitHandlingPlanUpdate,
  requestExtension: requestExtensionUpdate,
  approveExtension: approveExtensionUpdate,
  rejectExtension: rejectExtensionUpdate,
  pauseClock: pauseClockUpdate,
  resumeClock: resumeClockUpdate,
  reportResult: reportResultUpdate,
  giveFeedback: giveFeedbackUpdate,
  rateCase: rateCaseUpdate,
  flagConcentrated: flagConcentratedUpdate,
  approvePause: approvePauseUpdate,
  rejectPause: rejectPauseUpdate,
  recordRating: recordRatingUpdate,
  assignDepartment: assignDepartmentUpdate,
  reassignCase: reassignCaseUpdate,
  urgeCase: urgeCaseUpdate,
  instructCase: instructCaseUpdate,
  acknowledgeInstruction: acknowledgeInstructionUpdate,
  acknowledgeEscalation: acknowledgeEscalationUpdate,
  assignJointTask: assignJointTaskUpdate,
  completeJointTask: completeJointTaskUpdate,
  explainJointTask: explainJointTaskUpdate,
} as const satisfies { readonly [T in CaseActionType]: unknown };

/** The domain's actions (availableActions, the action endpoint): one update each, above. */
export type { CaseActionType };
