/**
 * The facts the KPIs are computed from, as the reporting service folds them from the event topic.
 * Instants are ISO strings; null means "has not happened", never zero.
 */
export interface CaseFact {
  readonly caseId: string;
  readonly category: string | null;
  readonly channel: string | null;
  readonly townId: string | null;
  readonly villageId: string | null;
  readonly handlingLevel: string | null;
  readonly departmentId: string | null;
  readonly leaderId: string | null;
  readonly raisedAt: string | null;
  readonly resolvedOnSpot: boolean;
  readonly publishedAt: string | null;
  readonly claimDueAt: string | null;
  readonly claimedAt: string | null;
  readonly claimedLate: boolean | null;
  readonly resultReportedAt: string | null;
  readonly resultOverdue: boolean | null;
  readonly deadlinesMissed: number;
  readonly feedbackAt: string | null;
  readonly reopenCount: number;
  readonly closure: string | null;
  readonly closedAt: string | null;
}

export interface RatingFact {
  readonly caseId: string;
  readonly rating: string;
  readonly ratedAt: string;
}

export interface EscalationFact {
  readonly caseId: string;
  readonly step: number;
  readonly escalatedAt: string;
}

export interface MeetingFact {
  readonly meetingId: string;
  readonly level: string;
  readonly convenerId: string;
  readonly townId: string | null;
  readonly villageId: string | null;
  readonly invitedHouseholds: number;
  readonly householdsAtHome: number | null;
  readonly attendees: number | null;
  readonly issuesRaised: number | null;
  readonly resolvedOnSpot: number | null;
  readonly closedAt: string | null;
}

/** One mediation record (libs/domain/src/mediation), as reporting folds it from its events. */
export interface MediationFact {
  readonly mediationId: string;
  readonly townId: string | null;
  readonly villageId: string | null;
  /** The start of the Shanghai day it was mediated on, as an ISO instant: what places it in a period. */
  readonly mediatedAt: string;
  readonly outcome: string;
  /** Whether the agreement held at its follow-up; null until followed up (or without an agreement). */
  readonly agreementHeld: boolean | null;
}

export interface KpiFacts {
  readonly cases: readonly CaseFact[];
  readonly ratings: readonly RatingFact[];
  readonly escalations: readonly EscalationFact[];
  readonly meetings: readonly MeetingFact[];
  /** Absent for callers that hold no mediation records: no mediation figures then. */
  readonly mediations?: readonly MediationFact[];
}
