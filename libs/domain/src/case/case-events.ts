import type { Actor } from '../actor';
import type { Complexity, EscalationTarget, PauseReason, RemindedDeadlineKind } from './case-policy';
import type {
  CaseLocation,
  Channel,
  Closure,
  EscalationTrigger,
  HandlingLevel,
  Rating,
  Responsibility,
  Supervision,
} from './case-state';
import type { DeadlineKind, ScheduleChange } from './deadline';

/** Every event answers who, when, what and why for the audit timeline. */
interface EventBase {
  /** ISO instant. */
  readonly at: string;
  readonly actor: Actor;
  /** Deadlines this event sets, clears or moves. */
  readonly schedule?: ScheduleChange;
}

/** Events fired by a timer name the deadline that fired. */
interface DeadlineEventBase extends EventBase {
  readonly deadlineId: string;
}

export interface CaseRaised extends EventBase {
  readonly type: 'caseRaised';
  readonly caseId: string;
  readonly policyVersion: string;
  readonly category: string;
  readonly description: string;
  readonly complexity: Complexity;
  readonly channel: Channel;
  readonly meetingId?: string;
  readonly location: CaseLocation;
  readonly reporterIds: readonly string[];
  readonly attachmentRefs: readonly string[];
}

export interface CaseResolvedOnSpot extends EventBase {
  readonly type: 'caseResolvedOnSpot';
  readonly summary: string;
}

export interface CaseEnteredLedger extends EventBase {
  readonly type: 'caseEnteredLedger';
}

export interface CaseAssigned extends EventBase {
  readonly type: 'caseAssigned';
  readonly level: Exclude<HandlingLevel, 'district'>;
  readonly unitId: string;
  readonly dueAt: string;
  readonly supervision: Supervision;
  readonly note?: string;
}

export interface CasePublished extends EventBase {
  readonly type: 'casePublished';
  readonly claimDueAt: string;
  readonly note?: string;
}

export interface CaseClaimed extends EventBase {
  readonly type: 'caseClaimed';
  readonly leadDepartmentId: string;
  readonly coHandlingDepartmentIds: readonly string[];
  /** Claimed after the claim window had expired and been escalated. */
  readonly late: boolean;
  readonly handlingDueAt: string;
  readonly supervision: Supervision;
}

export interface CaseReturned extends EventBase {
  readonly type: 'caseReturned';
  readonly reason: string;
  readonly fromLevel: HandlingLevel;
  readonly fromUnitId: string;
}

export interface CaseTransferred extends EventBase {
  readonly type: 'caseTransferred';
  readonly fromDepartmentId: string;
  readonly toDepartmentId: string;
  readonly reason: string;
  readonly supervision: Supervision;
}

export interface HandlingPlanSubmitted extends EventBase {
  readonly type: 'handlingPlanSubmitted';
  readonly plan: string;
  readonly responsibility: Responsibility;
  readonly late: boolean;
}

export interface ReminderSent extends DeadlineEventBase {
  readonly type: 'reminderSent';
  readonly forDeadlineId: string;
  readonly forKind: RemindedDeadlineKind;
  readonly fraction: number;
  /** When the reminded deadline falls due. */
  readonly forDueAt: string;
  /** Units (departments, villages, towns) or people to remind. */
  readonly notify: readonly string[];
}

export interface DeadlineMissed extends DeadlineEventBase {
  readonly type: 'deadlineMissed';
  readonly kind: DeadlineKind;
  readonly dueAt: string;
  readonly notify: readonly string[];
  /** An undecided extension request lapses when the handling deadline passes. */
  readonly extensionRequestLapsed: boolean;
}

export interface CaseEscalated extends EventBase {
  readonly type: 'caseEscalated';
  readonly trigger: EscalationTrigger;
  readonly step: number;
  readonly target: EscalationTarget;
  readonly targetIds: readonly string[];
  readonly deadlineId?: string;
  /** Present when the escalation raises who supervises the case. */
  readonly supervision?: Supervision;
}

export interface ExtensionRequested extends EventBase {
  readonly type: 'extensionRequested';
  readonly workingDays: number;
  readonly reason: string;
}

export interface ExtensionApproved extends EventBase {
  readonly type: 'extensionApproved';
  readonly reason: string;
  readonly workingDays: number;
  readonly previousDueAt: string;
  readonly newDueAt: string;
}

export interface ExtensionRejected extends EventBase {
  readonly type: 'extensionRejected';
  readonly reason: string;
}

export interface ClockPaused extends EventBase {
  readonly type: 'clockPaused';
  readonly reason: PauseReason;
  readonly note?: string;
  readonly limitAt: string;
}

export interface ClockResumed extends EventBase {
  readonly type: 'clockResumed';
  readonly pausedSince: string;
  /** Working time the deadlines were pushed back by. */
  readonly pausedWorkingMs: number;
  /** True when the pause reached its maximum and the system resumed it. */
  readonly automatic: boolean;
  readonly deadlineId?: string;
}

export interface ResultReported extends EventBase {
  readonly type: 'resultReported';
  readonly summary: string;
  readonly overdue: boolean;
  readonly feedbackDueAt: string;
}

export interface FeedbackGiven extends EventBase {
  readonly type: 'feedbackGiven';
  readonly note?: string;
  readonly late: boolean;
  readonly ratingDueAt: string;
}

export interface CaseRated extends EventBase {
  readonly type: 'caseRated';
  readonly rating: Rating;
  readonly comment?: string;
}

/** Nobody rated within the window: recorded as not rated, never as satisfied. */
export interface RatingWindowExpired extends DeadlineEventBase {
  readonly type: 'ratingWindowExpired';
}

export interface CaseReopened extends EventBase {
  readonly type: 'caseReopened';
  readonly reopenCount: number;
  readonly dueAt: string;
}

export interface CaseFlaggedConcentrated extends EventBase {
  readonly type: 'caseFlaggedConcentrated';
  readonly reason: string;
  readonly clusterId?: string;
  readonly supervision: Supervision;
}

export interface CaseClosed extends EventBase {
  readonly type: 'caseClosed';
  readonly closure: Closure;
}

export type CaseEvent =
  | CaseRaised
  | CaseResolvedOnSpot
  | CaseEnteredLedger
  | CaseAssigned
  | CasePublished
  | CaseClaimed
  | CaseReturned
  | CaseTransferred
  | HandlingPlanSubmitted
  | ReminderSent
  | DeadlineMissed
  | CaseEscalated
  | ExtensionRequested
  | ExtensionApproved
  | ExtensionRejected
  | ClockPaused
  | ClockResumed
  | ResultReported
  | FeedbackGiven
  | CaseRated
  | RatingWindowExpired
  | CaseReopened
  | CaseFlaggedConcentrated
  | CaseClosed;

export type CaseEventType = CaseEvent['type'];
