import type { Actor } from '../actor';
import type { CalendarDate } from '../calendar/shanghai-time';
import type { CaseWaitKind, Complexity, EscalationTarget, PauseReason } from './case-policy';
import type { PauseInfo, PendingDeadline } from './deadline';

export type { PauseInfo } from './deadline';

export type CaseStatus =
  | 'notRaised'
  | 'raised' // only between the events of the raising command: next it is resolved or enters the ledger
  | 'inLedger' // 台账: waiting for the town's triage
  | 'published' // in the district claim pool
  | 'claimed' // a department claimed it; handling plan pending
  | 'handling'
  | 'resultReported' // waiting for feedback to the residents
  | 'awaitingRating'
  | 'closed';

/**
 * Every status a recorded case can have but `closed` ('notRaised' is never recorded). A query for
 * open cases names them, so that an index on the status can be sought status by status: "not
 * closed" makes the database read every closed case too.
 */
export const openCaseStatuses = [
  'raised',
  'inLedger',
  'published',
  'claimed',
  'handling',
  'resultReported',
  'awaitingRating',
] as const satisfies readonly CaseStatus[];

// Fails to compile when a status is added to CaseStatus and not sorted in or out above.
type UnsortedStatus = Exclude<CaseStatus, 'notRaised' | 'closed' | (typeof openCaseStatuses)[number]>;
const everyStatusSorted: [UnsortedStatus] extends [never] ? true : never = true;
void everyStatusSorted;

export type Channel = 'meeting' | 'onlineGroup';
export type HandlingLevel = 'village' | 'town' | 'district';
export type Rating = 'satisfied' | 'basicallySatisfied' | 'dissatisfied';
export type Closure = 'resolvedOnSpot' | 'satisfied' | 'basicallySatisfied' | 'notRated';

export interface CaseLocation {
  readonly townId: string;
  readonly villageId: string;
  readonly courtyardId?: string;
}

/** Who handles the case: a village, a town, or a lead department with co-handling departments. */
export interface Handler {
  readonly level: HandlingLevel;
  /** village id, town id or lead department id, by level */
  readonly unitId: string;
  readonly coHandlingDepartmentIds: readonly string[];
  readonly since: string;
}

/** 三到: to the department, the unit and a named person. */
export interface Responsibility {
  readonly departmentId: string;
  readonly unit: string;
  readonly personName: string;
  readonly personId?: string;
}

export type SupervisionLevel = 'town' | 'supervisingDistrictLeader' | 'topDistrictLeaders';

export interface Supervision {
  readonly level: SupervisionLevel;
  readonly leaderIds: readonly string[];
  readonly since: string;
}

/** Why a case climbed the chain: the wait whose deadline was missed, or a second reopening. */
export const escalationTriggers = {
  triage: 'untriaged',
  claimWindow: 'unclaimed',
  handlingPlan: 'planLate',
  handling: 'overdue',
  feedback: 'feedbackLate',
  extensionDecision: 'extensionUndecided',
  instructionAck: 'instructionUnacknowledged',
  concentratedReview: 'concentratedUnresolved',
  jointTask: 'jointTaskOverdue',
} as const satisfies Record<CaseWaitKind, string>;

export type EscalationTrigger = (typeof escalationTriggers)[CaseWaitKind] | 'reopenedAgain';

export interface Escalation {
  readonly trigger: EscalationTrigger;
  readonly step: number;
  readonly target: EscalationTarget;
  readonly targetIds: readonly string[];
  readonly at: string;
  /** Set when the escalation repeats the chain's last step: how many times it has been repeated. */
  readonly repeat?: number;
  /** Set once one of its targets (or a supervisor) has looked at it. */
  readonly acknowledged?: { readonly byActorId: string; readonly at: string };
}

/** A pause that waits for the supervising leader's approval (a second pause, or a longer one). */
export interface PauseRequest {
  readonly reason: PauseReason;
  readonly note?: string;
  readonly workingDays: number;
  readonly requestedAt: string;
  readonly requestedByActorId: string;
}

/** A leader's instruction (批示) the handler has not acknowledged yet. */
export interface Instruction {
  readonly instructionId: string;
  readonly text: string;
  readonly byActorId: string;
  readonly at: string;
  readonly ackDueAt: string;
}

/** A unit of any level that handles a case, or a part of it: a department, a town or a village. */
export interface HandlingUnit {
  readonly level: HandlingLevel;
  /** department id, town id or village id, by level */
  readonly unitId: string;
}

/**
 * 'done': the unit reported its part; 'explained': the lead unit explained why it is not done;
 * 'withdrawn': the case left the lead unit that gave it (a transfer, a reassignment, a return).
 */
export type JointTaskStatus = 'open' | 'done' | 'explained' | 'withdrawn';

/**
 * A unit's part in joint handling (联合办理): the lead unit gives it, with its own deadline and
 * responsible person, and reports the case's result once every part is done or explained.
 */
export interface JointTask {
  readonly taskId: string;
  readonly unit: HandlingUnit;
  readonly task: string;
  /** The person in the unit who answers for the task (责任人). */
  readonly personName: string;
  readonly personId?: string;
  readonly assignedAt: string;
  readonly assignedByActorId: string;
  /** When it falls due; moves with the case clock's pauses, like the deadline that watches it. */
  readonly dueAt: string;
  readonly status: JointTaskStatus;
  /** The unit's result ('done') or the lead unit's explanation ('explained'). */
  readonly outcome?: { readonly text: string; readonly byActorId: string; readonly at: string; readonly late: boolean };
}

export type RatingChannel = 'inPerson' | 'phone';

/** A rating the village or town collected from a resident in person or by phone (回访). */
export interface CollectedRating {
  readonly rating: Rating;
  readonly comment?: string;
  readonly channel: RatingChannel;
  readonly residentId?: string;
  readonly collectedByActorId: string;
  readonly at: string;
}

/** The holiday data the case's deadlines were counted with. */
export interface CalendarStamp {
  readonly dataVersion: string;
  /** Working-day deadlines after this day are provisional; null: every day is known. */
  readonly coveredThrough: CalendarDate | null;
}

export interface ExtensionRequest {
  readonly workingDays: number;
  readonly reason: string;
  readonly requestedAt: string;
  readonly requestedByActorId: string;
}

export interface NotRaisedCase {
  readonly status: 'notRaised';
  readonly deadlines: readonly PendingDeadline[];
  readonly deadlineSeq: number;
  readonly pause: null;
}

export interface RaisedCase {
  readonly status: Exclude<CaseStatus, 'notRaised'>;
  readonly caseId: string;
  /** The policy the case was raised under; every rule looks durations up here. */
  readonly policyVersion: string;
  readonly category: string;
  readonly description: string;
  readonly complexity: Complexity;
  readonly channel: Channel;
  readonly meetingId?: string;
  readonly location: CaseLocation;
  readonly reporterIds: readonly string[];
  readonly attachmentRefs: readonly string[];
  readonly raisedAt: string;
  readonly raisedBy: Actor;
  readonly resolvedOnSpot: boolean;
  readonly handler: Handler | null;
  readonly claimedLate: boolean;
  readonly responsibility: Responsibility | null;
  readonly handlingPlan: string | null;
  readonly supervision: Supervision | null;
  /** The latest escalation step reached; null when none is in force. */
  readonly escalation: Escalation | null;
  readonly overdue: boolean;
  readonly concentrated: boolean;
  readonly pause: PauseInfo | null;
  /** Working time the clock has stood still in all, over every finished pause. */
  readonly pausedWorkingMs: number;
  readonly pauseCount: number;
  readonly pendingPause: PauseRequest | null;
  readonly pendingExtension: ExtensionRequest | null;
  readonly extensionsGranted: number;
  readonly instructions: readonly Instruction[];
  /** Every joint task the case has had, in the order given (open ones and those settled). */
  readonly jointTasks: readonly JointTask[];
  readonly collectedRating: CollectedRating | null;
  readonly result: string | null;
  readonly rating: Rating | 'notRated' | null;
  readonly reopenCount: number;
  readonly returnCount: number;
  readonly closure: Closure | null;
  readonly closedAt: string | null;
  readonly deadlines: readonly PendingDeadline[];
  readonly deadlineSeq: number;
  /** Absent on cases carried from before holiday data could be loaded: the package's data. */
  readonly calendar?: CalendarStamp;
}

export type CaseState = NotRaisedCase | RaisedCase;

export const initialState: NotRaisedCase = { status: 'notRaised', deadlines: [], deadlineSeq: 0, pause: null };

/**
 * A state as this code expects it, from one carried over from an older run (continue-as-new) that
 * predates some fields: each missing one gets the value a case of that time had.
 */
export function withCurrentFields(state: CaseState): CaseState {
  if (!isRaised(state)) return state;
  const carried: Partial<RaisedCase> = state;
  return {
    ...state,
    pausedWorkingMs: carried.pausedWorkingMs ?? 0,
    pauseCount: carried.pauseCount ?? 0,
    pendingPause: carried.pendingPause ?? null,
    instructions: carried.instructions ?? [],
    jointTasks: carried.jointTasks ?? [],
    collectedRating: carried.collectedRating ?? null,
  };
}

export function isRaised(state: CaseState): state is RaisedCase {
  return state.status !== 'notRaised';
}
