import type { CaseEventType as DomainCaseEventType } from '@bishan/domain';

/**
 * The wire name of a domain event type. Every case event already lives on a topic owned by the case
 * loop, so a leading `case` in the domain name would only repeat the `case.` namespace.
 */
export type ContractTypeOf<T extends string> = T extends `case${infer First}${infer Rest}`
  ? First extends Uppercase<First>
    ? `case.${Uncapitalize<First>}${Rest}`
    : `case.${T}`
  : `case.${T}`;

export function contractTypeOf<T extends DomainCaseEventType>(domainType: T): ContractTypeOf<T> {
  const name = domainType.replace(/^case(?=[A-Z])/, '');
  return `case.${name.charAt(0).toLowerCase()}${name.slice(1)}` as ContractTypeOf<T>;
}

/**
 * Spelled out rather than derived so the wire names can be grepped; `satisfies` keeps it complete
 * and in step with `contractTypeOf`, so a new domain event breaks the build here first.
 */
export const caseEventContractTypes = {
  caseRaised: 'case.raised',
  caseResolvedOnSpot: 'case.resolvedOnSpot',
  caseEnteredLedger: 'case.enteredLedger',
  caseAssigned: 'case.assigned',
  casePublished: 'case.published',
  caseClaimed: 'case.claimed',
  caseReturned: 'case.returned',
  caseTransferred: 'case.transferred',
  handlingPlanSubmitted: 'case.handlingPlanSubmitted',
  reminderSent: 'case.reminderSent',
  deadlineMissed: 'case.deadlineMissed',
  caseEscalated: 'case.escalated',
  extensionRequested: 'case.extensionRequested',
  extensionApproved: 'case.extensionApproved',
  extensionRejected: 'case.extensionRejected',
  clockPaused: 'case.clockPaused',
  clockResumed: 'case.clockResumed',
  resultReported: 'case.resultReported',
  feedbackGiven: 'case.feedbackGiven',
  caseRated: 'case.rated',
  ratingWindowExpired: 'case.ratingWindowExpired',
  caseReopened: 'case.reopened',
  caseFlaggedConcentrated: 'case.flaggedConcentrated',
  pauseRequested: 'case.pauseRequested',
  pauseRequestRejected: 'case.pauseRequestRejected',
  ratingCollected: 'case.ratingCollected',
  departmentAssigned: 'case.departmentAssigned',
  caseReassigned: 'case.reassigned',
  caseUrged: 'case.urged',
  instructionIssued: 'case.instructionIssued',
  instructionAcknowledged: 'case.instructionAcknowledged',
  escalationAcknowledged: 'case.escalationAcknowledged',
  requestsWithdrawn: 'case.requestsWithdrawn',
  jointTaskAssigned: 'case.jointTaskAssigned',
  jointTaskCompleted: 'case.jointTaskCompleted',
  jointTaskExplained: 'case.jointTaskExplained',
  deadlinesRecomputed: 'case.deadlinesRecomputed',
  caseClosed: 'case.closed',
} as const satisfies { readonly [T in DomainCaseEventType]: ContractTypeOf<T> };

export type CaseEventContractType = (typeof caseEventContractTypes)[DomainCaseEventType];
