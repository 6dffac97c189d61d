import type { Actor } from '../actor';
import type { Complexity, EscalationTarget, PauseReason } from './case-policy';
import type { PendingDeadline } from './deadline';

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

export type EscalationTrigger = 'overdue' | 'unclaimed' | 'reopenedAgain';

export interface Escalation {
  readonly trigger: EscalationTrigger;
  readonly step: number;
  readonly target: EscalationTarget;
  readonly targetIds: readonly string[];
  readonly at: string;
}

export interface PauseInfo {
  readonly reason: PauseReason;
  readonly note?: string;
  readonly since: string;
  /** When the clock resumes by itself. */
  readonly limitAt: string;
  readonly byActorId: string;
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
  readonly pendingExtension: ExtensionRequest | null;
  readonly extensionsGranted: number;
  readonly result: string | null;
  readonly rating: Rating | 'notRated' | null;
  readonly reopenCount: number;
  readonly returnCount: number;
  readonly closure: Closure | null;
  readonly closedAt: string | null;
  readonly deadlines: readonly PendingDeadline[];
  readonly deadlineSeq: number;
}

export type CaseState = NotRaisedCase | RaisedCase;

export const initialState: NotRaisedCase = { status: 'notRaised', deadlines: [], deadlineSeq: 0, pause: null };

export function isRaised(state: CaseState): state is RaisedCase {
  return state.status !== 'notRaised';
}
