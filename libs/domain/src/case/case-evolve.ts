import type { CaseEvent, CaseRaised } from './case-events';
import { type CaseState, type RaisedCase, isRaised } from './case-state';
import { applySchedule } from './deadline';

function raisedCase(event: CaseRaised): RaisedCase {
  return {
    status: 'raised',
    caseId: event.caseId,
    policyVersion: event.policyVersion,
    category: event.category,
    description: event.description,
    complexity: event.complexity,
    channel: event.channel,
    ...(event.meetingId === undefined ? {} : { meetingId: event.meetingId }),
    location: event.location,
    reporterIds: event.reporterIds,
    attachmentRefs: event.attachmentRefs,
    raisedAt: event.at,
    raisedBy: event.actor,
    resolvedOnSpot: false,
    handler: null,
    claimedLate: false,
    responsibility: null,
    handlingPlan: null,
    supervision: null,
    escalation: null,
    overdue: false,
    concentrated: false,
    pause: null,
    pendingExtension: null,
    extensionsGranted: 0,
    result: null,
    rating: null,
    reopenCount: 0,
    returnCount: 0,
    closure: null,
    closedAt: null,
    deadlines: [],
    deadlineSeq: 0,
  };
}

/** Fields that belong to one round of handling and go when the case leaves its handler. */
const unassigned = {
  handler: null,
  claimedLate: false,
  responsibility: null,
  handlingPlan: null,
  escalation: null,
  overdue: false,
  pendingExtension: null,
} as const;

/** Pure and total over the events decide produces; throws only on a history decide cannot produce. */
export function evolve(state: CaseState, event: CaseEvent): CaseState {
  if (event.type === 'caseRaised') {
    if (isRaised(state)) throw new Error(`case '${state.caseId}' was already raised`);
    return raisedCase(event);
  }
  if (!isRaised(state)) throw new Error(`event '${event.type}' cannot apply to a case that was never raised`);
  const scheduled: RaisedCase = {
    ...state,
    deadlines: applySchedule(state.deadlines, event.schedule),
    deadlineSeq: state.deadlineSeq + (event.schedule?.add?.length ?? 0),
  };
  return applyFacts(scheduled, event);
}

function applyFacts(s: RaisedCase, e: Exclude<CaseEvent, CaseRaised>): RaisedCase {
  switch (e.type) {
    case 'caseResolvedOnSpot':
      return { ...s, resolvedOnSpot: true, result: e.summary };
    case 'caseEnteredLedger':
      return { ...s, status: 'inLedger' };
    case 'caseAssigned':
      return {
        ...s,
        status: 'handling',
        handler: { level: e.level, unitId: e.unitId, coHandlingDepartmentIds: [], since: e.at },
        supervision: e.supervision,
      };
    case 'casePublished':
      return { ...s, status: 'published' };
    case 'caseClaimed':
      return {
        ...s,
        status: 'claimed',
        handler: { level: 'district', unitId: e.leadDepartmentId, coHandlingDepartmentIds: e.coHandlingDepartmentIds, since: e.at },
        claimedLate: e.late,
        escalation: null,
        supervision: e.supervision,
      };
    case 'caseReturned':
      return {
        ...s,
        ...unassigned,
        status: 'inLedger',
        supervision: s.concentrated ? s.supervision : null,
        returnCount: s.returnCount + 1,
      };
    case 'caseTransferred':
      return {
        ...s,
        status: 'claimed',
        handler: s.handler && {
          ...s.handler,
          unitId: e.toDepartmentId,
          coHandlingDepartmentIds: s.handler.coHandlingDepartmentIds.filter((id) => id !== e.toDepartmentId),
        },
        responsibility: null,
        handlingPlan: null,
        supervision: e.supervision,
      };
    case 'handlingPlanSubmitted':
      return { ...s, status: 'handling', handlingPlan: e.plan, responsibility: e.responsibility };
    case 'reminderSent':
      return s;
    case 'deadlineMissed':
      return {
        ...s,
        overdue: s.overdue || e.kind === 'handling',
        pendingExtension: e.extensionRequestLapsed ? null : s.pendingExtension,
      };
    case 'caseEscalated':
      return {
        ...s,
        escalation: { trigger: e.trigger, step: e.step, target: e.target, targetIds: e.targetIds, at: e.at },
        supervision: e.supervision ?? s.supervision,
      };
    case 'extensionRequested':
      return {
        ...s,
        pendingExtension: { workingDays: e.workingDays, reason: e.reason, requestedAt: e.at, requestedByActorId: e.actor.id },
      };
    case 'extensionApproved':
      return { ...s, pendingExtension: null, extensionsGranted: s.extensionsGranted + 1 };
    case 'extensionRejected':
      return { ...s, pendingExtension: null };
    case 'clockPaused':
      return {
        ...s,
        pause: {
          reason: e.reason,
          ...(e.note === undefined ? {} : { note: e.note }),
          since: e.at,
          limitAt: e.limitAt,
          byActorId: e.actor.id,
        },
      };
    case 'clockResumed':
      return { ...s, pause: null };
    case 'resultReported':
      return { ...s, status: 'resultReported', result: e.summary };
    case 'feedbackGiven':
      return { ...s, status: 'awaitingRating' };
    case 'caseRated':
      return { ...s, rating: e.rating };
    case 'ratingWindowExpired':
      return { ...s, rating: 'notRated' };
    case 'caseReopened':
      return { ...s, status: 'handling', reopenCount: e.reopenCount, result: null, escalation: null, overdue: false };
    case 'caseFlaggedConcentrated':
      return { ...s, concentrated: true, supervision: e.supervision };
    case 'caseClosed':
      return { ...s, status: 'closed', closure: e.closure, closedAt: e.at };
  }
}

export function evolveAll(state: CaseState, events: readonly CaseEvent[]): CaseState {
  return events.reduce(evolve, state);
}
