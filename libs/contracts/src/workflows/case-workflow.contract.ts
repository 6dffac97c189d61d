import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type {
  ApproveExtension,
  CaseState,
  CaseView,
  ClaimCase,
  FlagConcentrated,
  GiveFeedback,
  PauseClock,
  RaiseCase,
  RateCase,
  RejectExtension,
  ReportResult,
  RequestExtension,
  ResumeClock,
  ReturnCase,
  SubmitHandlingPlan,
  TransferCase,
  TriageCase,
} from '@bishan/domain';

/**
 * What the API, the worker and tests share about the case workflow, without importing its code.
 * Workflow id = case id, so a retried start of the same case can never run the loop twice.
 */
export const caseWorkflowType = 'caseWorkflow';

export interface CaseWorkflowInput {
  caseId: string;
  /** The command that raised the case; the workflow applies it as its first step. */
  raise: RaiseCase;
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
} as const;

export type CaseActionType = keyof typeof caseActionUpdates;
