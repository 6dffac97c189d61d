import type { Actor } from '../actor';
import type { CalendarData } from '../calendar/holiday-data';
import type { Complexity, PauseReason } from './case-policy';
import type { CaseLocation, Channel, HandlingUnit, Rating, RatingChannel } from './case-state';

interface CommandBase {
  readonly actor: Actor;
}

export interface RaiseCase extends CommandBase {
  readonly type: 'raiseCase';
  readonly caseId: string;
  readonly category: string;
  readonly description: string;
  readonly complexity: Complexity;
  readonly channel: Channel;
  readonly meetingId?: string;
  readonly location: CaseLocation;
  readonly reporterIds: readonly string[];
  readonly attachmentRefs?: readonly string[];
  /** Present when the issue was solved at the meeting (就地解决): the case closes at once. */
  readonly resolvedOnSpot?: { readonly summary: string };
  /**
   * A registered policy version to pin instead of the latest published one, e.g. 'demo-compressed'
   * for demonstrations and real-time tests. Omit it in normal use.
   */
  readonly policyVersion?: string;
}

/** The town's triage (研判): handle at village or town level, or publish to the district claim pool. */
export interface TriageCase extends CommandBase {
  readonly type: 'triageCase';
  readonly route: HandlingRoute;
  readonly note?: string;
}
export type HandlingRoute = 'village' | 'town' | 'district';

export interface ClaimCase extends CommandBase {
  readonly type: 'claimCase';
  readonly coHandlingDepartmentIds?: readonly string[];
}

/** The handler sends a wrongly routed case back to the town's triage. */
export interface ReturnCase extends CommandBase {
  readonly type: 'returnCase';
  readonly reason: string;
}

export interface TransferCase extends CommandBase {
  readonly type: 'transferCase';
  readonly toDepartmentId: string;
  readonly reason: string;
}

export interface SubmitHandlingPlan extends CommandBase {
  readonly type: 'submitHandlingPlan';
  readonly plan: string;
  readonly responsibility: { readonly unit: string; readonly personName: string; readonly personId?: string };
}

export interface RequestExtension extends CommandBase {
  readonly type: 'requestExtension';
  readonly workingDays: number;
  readonly reason: string;
}

export interface ApproveExtension extends CommandBase {
  readonly type: 'approveExtension';
  readonly reason: string;
}

export interface RejectExtension extends CommandBase {
  readonly type: 'rejectExtension';
  readonly reason: string;
}

export interface PauseClock extends CommandBase {
  readonly type: 'pauseClock';
  readonly reason: PauseReason;
  readonly note?: string;
  /** How long, in working days; the reason's cap when omitted. Longer needs a leader's approval. */
  readonly workingDays?: number;
}

/** The supervising leader approves a pause that needs approval; the clock stops then. */
export interface ApprovePause extends CommandBase {
  readonly type: 'approvePause';
  readonly note?: string;
}

export interface RejectPause extends CommandBase {
  readonly type: 'rejectPause';
  readonly reason: string;
}

export interface ResumeClock extends CommandBase {
  readonly type: 'resumeClock';
}

export interface ReportResult extends CommandBase {
  readonly type: 'reportResult';
  readonly summary: string;
}

/** The town or village has told the residents the result; the rating window opens. */
export interface GiveFeedback extends CommandBase {
  readonly type: 'giveFeedback';
  readonly note?: string;
}

export interface RateCase extends CommandBase {
  readonly type: 'rateCase';
  readonly rating: Rating;
  readonly comment?: string;
}

/** The village or town records a rating it collected from a resident in person or by phone (回访). */
export interface RecordRating extends CommandBase {
  readonly type: 'recordRating';
  readonly rating: Rating;
  readonly channel: RatingChannel;
  readonly comment?: string;
  /** The resident who gave it, when known (one of the reporters). */
  readonly residentId?: string;
}

/** 交办: a supervising leader gives an unclaimed case to a department directly. */
export interface AssignDepartment extends CommandBase {
  readonly type: 'assignDepartment';
  readonly departmentId: string;
  readonly reason: string;
}

/** 改派: a supervising leader moves a case from its lead department to another one. */
export interface ReassignCase extends CommandBase {
  readonly type: 'reassignCase';
  readonly toDepartmentId: string;
  readonly reason: string;
}

/** 催办: a supervising leader presses whoever the case waits for. */
export interface UrgeCase extends CommandBase {
  readonly type: 'urgeCase';
  readonly note: string;
}

/** 批示: a supervising leader's instruction, which the handler must acknowledge in time. */
export interface InstructCase extends CommandBase {
  readonly type: 'instructCase';
  readonly text: string;
}

export interface AcknowledgeInstruction extends CommandBase {
  readonly type: 'acknowledgeInstruction';
  readonly instructionId: string;
  readonly note?: string;
}

/**
 * 联合办理: the lead unit gives a part of the case to another unit — a district department, or the
 * case's own town or village — with a responsible person and a deadline of its own.
 */
export interface AssignJointTask extends CommandBase {
  readonly type: 'assignJointTask';
  readonly unit: HandlingUnit;
  readonly task: string;
  readonly personName: string;
  readonly personId?: string;
  /** Working days from now; the task may not fall due after the case's own handling deadline. */
  readonly workingDays: number;
}

/** The unit reports its part done. */
export interface CompleteJointTask extends CommandBase {
  readonly type: 'completeJointTask';
  readonly taskId: string;
  readonly result: string;
}

/** The lead unit explains why a part is not done, so the case's result can be reported without it. */
export interface ExplainJointTask extends CommandBase {
  readonly type: 'explainJointTask';
  readonly taskId: string;
  readonly explanation: string;
}

/** A target of the latest escalation (or a supervisor) has looked at it. */
export interface AcknowledgeEscalation extends CommandBase {
  readonly type: 'acknowledgeEscalation';
  readonly note?: string;
}

/**
 * Sent by the workflow (actor: system) when newer holiday data arrives: provisional deadlines are
 * counted again on it.
 */
export interface RecomputeDeadlines extends CommandBase {
  readonly type: 'recomputeDeadlines';
  readonly calendar: CalendarData;
  /** Why, for the timeline, e.g. the notice of the loaded year. */
  readonly reason: string;
}

export interface FlagConcentrated extends CommandBase {
  readonly type: 'flagConcentrated';
  readonly reason: string;
  readonly clusterId?: string;
}

/** Sent by the workflow (actor: system) when the timer of a pending deadline fires. */
export interface DeadlineReached extends CommandBase {
  readonly type: 'deadlineReached';
  readonly deadlineId: string;
}

export type CaseCommand =
  | RaiseCase
  | TriageCase
  | ClaimCase
  | ReturnCase
  | TransferCase
  | SubmitHandlingPlan
  | RequestExtension
  | ApproveExtension
  | RejectExtension
  | PauseClock
  | ApprovePause
  | RejectPause
  | ResumeClock
  | ReportResult
  | GiveFeedback
  | RateCase
  | RecordRating
  | AssignDepartment
  | ReassignCase
  | UrgeCase
  | InstructCase
  | AcknowledgeInstruction
  | AcknowledgeEscalation
  | AssignJointTask
  | CompleteJointTask
  | ExplainJointTask
  | FlagConcentrated
  | DeadlineReached
  | RecomputeDeadlines;

export type CaseCommandType = CaseCommand['type'];
