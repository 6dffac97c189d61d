import type { CaseEventType as DomainCaseEventType } from '@bishan/domain';
import { caseAssignedV1 } from './case-assigned.v1';
import { caseClaimedV1 } from './case-claimed.v1';
import { caseClosedV1 } from './case-closed.v1';
import { caseEnteredLedgerV1 } from './case-entered-ledger.v1';
import { caseEscalatedV1 } from './case-escalated.v1';
import { caseFlaggedConcentratedV1 } from './case-flagged-concentrated.v1';
import { casePublishedV1 } from './case-published.v1';
import { caseRaisedV1 } from './case-raised.v1';
import { caseRatedV1 } from './case-rated.v1';
import { caseReopenedV1 } from './case-reopened.v1';
import { caseResolvedOnSpotV1 } from './case-resolved-on-spot.v1';
import { caseReturnedV1 } from './case-returned.v1';
import { caseTransferredV1 } from './case-transferred.v1';
import { clockPausedV1 } from './clock-paused.v1';
import { clockResumedV1 } from './clock-resumed.v1';
import { deadlineMissedV1 } from './deadline-missed.v1';
import { extensionApprovedV1 } from './extension-approved.v1';
import { extensionRejectedV1 } from './extension-rejected.v1';
import { extensionRequestedV1 } from './extension-requested.v1';
import { feedbackGivenV1 } from './feedback-given.v1';
import { handlingPlanSubmittedV1 } from './handling-plan-submitted.v1';
import { ratingWindowExpiredV1 } from './rating-window-expired.v1';
import { reminderSentV1 } from './reminder-sent.v1';
import { resultReportedV1 } from './result-reported.v1';
import { caseReassignedV1 } from './case-reassigned.v1';
import { caseUrgedV1 } from './case-urged.v1';
import { deadlinesRecomputedV1 } from './deadlines-recomputed.v1';
import { departmentAssignedV1 } from './department-assigned.v1';
import { escalationAcknowledgedV1 } from './escalation-acknowledged.v1';
import { instructionAcknowledgedV1 } from './instruction-acknowledged.v1';
import { instructionIssuedV1 } from './instruction-issued.v1';
import { pauseRequestRejectedV1 } from './pause-request-rejected.v1';
import { pauseRequestedV1 } from './pause-requested.v1';
import { ratingCollectedV1 } from './rating-collected.v1';
import { requestsWithdrawnV1 } from './requests-withdrawn.v1';
import { jointTaskAssignedV1 } from './joint-task-assigned.v1';
import { jointTaskCompletedV1 } from './joint-task-completed.v1';
import { jointTaskExplainedV1 } from './joint-task-explained.v1';

export {
  caseAssignedV1,
  caseClaimedV1,
  caseClosedV1,
  caseEnteredLedgerV1,
  caseEscalatedV1,
  caseFlaggedConcentratedV1,
  casePublishedV1,
  caseRaisedV1,
  caseRatedV1,
  caseReopenedV1,
  caseResolvedOnSpotV1,
  caseReturnedV1,
  caseTransferredV1,
  clockPausedV1,
  clockResumedV1,
  deadlineMissedV1,
  extensionApprovedV1,
  extensionRejectedV1,
  extensionRequestedV1,
  feedbackGivenV1,
  handlingPlanSubmittedV1,
  ratingWindowExpiredV1,
  reminderSentV1,
  resultReportedV1,
  caseReassignedV1,
  caseUrgedV1,
  deadlinesRecomputedV1,
  departmentAssignedV1,
  escalationAcknowledgedV1,
  instructionAcknowledgedV1,
  instructionIssuedV1,
  pauseRequestRejectedV1,
  pauseRequestedV1,
  ratingCollectedV1,
  requestsWithdrawnV1,
  jointTaskAssignedV1,
  jointTaskCompletedV1,
  jointTaskExplainedV1,
};

/** Version 1 of every case event, by the domain event it carries; `satisfies` keeps it complete. */
export const caseEventsV1 = {
  caseRaised: caseRaisedV1,
  caseResolvedOnSpot: caseResolvedOnSpotV1,
  caseEnteredLedger: caseEnteredLedgerV1,
  caseAssigned: caseAssignedV1,
  casePublished: casePublishedV1,
  caseClaimed: caseClaimedV1,
  caseReturned: caseReturnedV1,
  caseTransferred: caseTransferredV1,
  handlingPlanSubmitted: handlingPlanSubmittedV1,
  reminderSent: reminderSentV1,
  deadlineMissed: deadlineMissedV1,
  caseEscalated: caseEscalatedV1,
  extensionRequested: extensionRequestedV1,
  extensionApproved: extensionApprovedV1,
  extensionRejected: extensionRejectedV1,
  clockPaused: clockPausedV1,
  clockResumed: clockResumedV1,
  resultReported: resultReportedV1,
  feedbackGiven: feedbackGivenV1,
  caseRated: caseRatedV1,
  ratingWindowExpired: ratingWindowExpiredV1,
  caseReopened: caseReopenedV1,
  caseFlaggedConcentrated: caseFlaggedConcentratedV1,
  caseReassigned: caseReassignedV1,
  caseUrged: caseUrgedV1,
  deadlinesRecomputed: deadlinesRecomputedV1,
  departmentAssigned: departmentAssignedV1,
  escalationAcknowledged: escalationAcknowledgedV1,
  instructionAcknowledged: instructionAcknowledgedV1,
  instructionIssued: instructionIssuedV1,
  pauseRequestRejected: pauseRequestRejectedV1,
  pauseRequested: pauseRequestedV1,
  ratingCollected: ratingCollectedV1,
  requestsWithdrawn: requestsWithdrawnV1,
  jointTaskAssigned: jointTaskAssignedV1,
  jointTaskCompleted: jointTaskCompletedV1,
  jointTaskExplained: jointTaskExplainedV1,
  caseClosed: caseClosedV1,
} as const satisfies { readonly [T in DomainCaseEventType]: { readonly type: string; readonly version: 1 } };
