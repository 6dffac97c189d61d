import type { Actor } from '../actor';
import type { CaseWaitKind, Complexity, EscalationTarget, PauseReason } from './case-policy';
import type {
  CalendarStamp,
  CaseLocation,
  Channel,
  Closure,
  EscalationTrigger,
  HandlingLevel,
  HandlingUnit,
  Rating,
  RatingChannel,
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
  /** The holiday data the case's deadlines start counting with. */
  readonly calendar?: CalendarStamp;
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
  /** The handling deadline when the plan came in (absent on plans recorded before it was carried, or once it had passed). */
  readonly handlingDueAt?: string;
}

export interface ReminderSent extends DeadlineEventBase {
  readonly type: 'reminderSent';
  readonly forDeadlineId: string;
  readonly forKind: CaseWaitKind;
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
  /** Present when the chain's last step is told again: the 1st, 2nd… time. */
  readonly repeat?: number;
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
  /** Present when a leader approved the pause: the handler who asked for it. */
  readonly requestedByActorId?: string;
}

/** The pause waits for the supervising leader: a second pause, or one longer than its reason allows. */
export interface PauseRequested extends EventBase {
  readonly type: 'pauseRequested';
  readonly reason: PauseReason;
  readonly note?: string;
  readonly workingDays: number;
  readonly notify: readonly string[];
}

export interface PauseRequestRejected extends EventBase {
  readonly type: 'pauseRequestRejected';
  readonly reason: string;
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
  /** Present when the rating is one the village or town collected in person or by phone (回访). */
  readonly collected?: {
    readonly channel: RatingChannel;
    readonly collectedByActorId: string;
    readonly collectedAt: string;
    readonly residentId?: string;
  };
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
  /** When the top leaders' supervision deadline falls due; absent where the policy sets none. */
  readonly reviewDueAt?: string;
}

/** A rating collected in person or by phone (回访); it counts when the window closes without the resident's own. */
export interface RatingCollected extends EventBase {
  readonly type: 'ratingCollected';
  readonly rating: Rating;
  readonly comment?: string;
  readonly channel: RatingChannel;
  readonly residentId?: string;
}

/** 交办: a leader gave the unclaimed case to a department, which now owes a plan and a result. */
export interface DepartmentAssigned extends EventBase {
  readonly type: 'departmentAssigned';
  readonly departmentId: string;
  readonly reason: string;
  /** Assigned after the claim window had expired and been escalated. */
  readonly late: boolean;
  readonly handlingDueAt: string;
  readonly supervision: Supervision;
}

/** 改派: a leader moved the case to another lead department. */
export interface CaseReassigned extends EventBase {
  readonly type: 'caseReassigned';
  readonly fromDepartmentId: string;
  readonly toDepartmentId: string;
  readonly reason: string;
  readonly supervision: Supervision;
}

/** 催办. `notify`: the units or people the case waits for. */
export interface CaseUrged extends EventBase {
  readonly type: 'caseUrged';
  readonly note: string;
  readonly notify: readonly string[];
}

/** 批示: the handler must acknowledge by `ackDueAt`. */
export interface InstructionIssued extends EventBase {
  readonly type: 'instructionIssued';
  readonly instructionId: string;
  readonly text: string;
  readonly ackDueAt: string;
  readonly notify: readonly string[];
}

export interface InstructionAcknowledged extends EventBase {
  readonly type: 'instructionAcknowledged';
  readonly instructionId: string;
  readonly note?: string;
  /** Acknowledged after its deadline had passed. */
  readonly late: boolean;
}

/** 联合办理: `notify` is the unit given the task. */
export interface JointTaskAssigned extends EventBase {
  readonly type: 'jointTaskAssigned';
  readonly taskId: string;
  readonly unit: HandlingUnit;
  readonly task: string;
  readonly personName: string;
  readonly personId?: string;
  /** As asked; `dueAt` is where they end on the case's calendar. */
  readonly workingDays: number;
  readonly dueAt: string;
  readonly notify: readonly string[];
}

/** The unit reported its part done; `notify` is the lead unit. */
export interface JointTaskCompleted extends EventBase {
  readonly type: 'jointTaskCompleted';
  readonly taskId: string;
  /** The task as given, so the timeline and messages read without looking it up. */
  readonly unit: HandlingUnit;
  readonly task: string;
  readonly result: string;
  /** Reported after its deadline had passed. */
  readonly late: boolean;
  readonly notify: readonly string[];
}

/** The lead unit explained why a part is not done; `notify` is the unit the task was given to. */
export interface JointTaskExplained extends EventBase {
  readonly type: 'jointTaskExplained';
  readonly taskId: string;
  /** The task as given, so the timeline and messages read without looking it up. */
  readonly unit: HandlingUnit;
  readonly task: string;
  readonly explanation: string;
  readonly notify: readonly string[];
}

export interface EscalationAcknowledged extends EventBase {
  readonly type: 'escalationAcknowledged';
  readonly trigger: EscalationTrigger;
  readonly step: number;
  readonly note?: string;
}

/**
 * Requests still open when the case moved on (a result, a transfer, a return, a closure…) are
 * withdrawn, so that no list of pending requests keeps them.
 */
export interface RequestsWithdrawn extends EventBase {
  readonly type: 'requestsWithdrawn';
  /** The event that moved the case on. */
  readonly because: CaseEventType;
  readonly extension: boolean;
  readonly pause: boolean;
  readonly instructionIds: readonly string[];
  /** Open joint tasks, which the lead unit that gave them can no longer settle. */
  readonly jointTaskIds?: readonly string[];
}

/** One deadline counted again on newer holiday data. */
export interface RecomputedDeadline {
  readonly deadlineId: string;
  readonly kind: DeadlineKind;
  readonly from: string;
  readonly to: string;
}

/** Provisional deadlines counted again when a year's schedule was loaded; `changes` lists those that moved. */
export interface DeadlinesRecomputed extends EventBase {
  readonly type: 'deadlinesRecomputed';
  readonly reason: string;
  readonly calendar: CalendarStamp;
  readonly changes: readonly RecomputedDeadline[];
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
  | PauseRequested
  | PauseRequestRejected
  | ClockResumed
  | ResultReported
  | FeedbackGiven
  | CaseRated
  | RatingWindowExpired
  | CaseReopened
  | CaseFlaggedConcentrated
  | RatingCollected
  | DepartmentAssigned
  | CaseReassigned
  | CaseUrged
  | InstructionIssued
  | InstructionAcknowledged
  | EscalationAcknowledged
  | JointTaskAssigned
  | JointTaskCompleted
  | JointTaskExplained
  | RequestsWithdrawn
  | DeadlinesRecomputed
  | CaseClosed;

export type CaseEventType = CaseEvent['type'];
