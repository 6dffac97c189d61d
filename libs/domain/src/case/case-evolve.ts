import type { CaseEvent, CaseRaised } from './case-events';
import { type CaseState, type JointTask, type RaisedCase, isRaised } from './case-state';
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
    pausedWorkingMs: 0,
    pauseCount: 0,
    pendingPause: null,
    pendingExtension: null,
    extensionsGranted: 0,
    instructions: [],
    jointTasks: [],
    collectedRating: null,
    result: null,
    rating: null,
    reopenCount: 0,
    returnCount: 0,
    closure: null,
    closedAt: null,
    deadlines: [],
    deadlineSeq: 0,
    ...(event.calendar === undefined ? {} : { calendar: event.calendar }),
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
  pendingPause: null,
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
    case 'departmentAssigned':
      return {
        ...s,
        status: 'claimed',
        handler: { level: 'district', unitId: e.departmentId, coHandlingDepartmentIds: [], since: e.at },
        claimedLate: e.late,
        escalation: null,
        supervision: e.supervision,
      };
    case 'caseTransferred':
    case 'caseReassigned':
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
        escalation: {
          trigger: e.trigger,
          step: e.step,
          target: e.target,
          targetIds: e.targetIds,
          at: e.at,
          ...(e.repeat === undefined ? {} : { repeat: e.repeat }),
        },
        supervision: e.supervision ?? s.supervision,
      };
    case 'escalationAcknowledged':
      return s.escalation ? { ...s, escalation: { ...s.escalation, acknowledged: { byActorId: e.actor.id, at: e.at } } } : s;
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
          byActorId: e.requestedByActorId ?? e.actor.id,
        },
        pauseCount: s.pauseCount + 1,
        pendingPause: null,
      };
    case 'pauseRequested':
      return {
        ...s,
        pendingPause: {
          reason: e.reason,
          ...(e.note === undefined ? {} : { note: e.note }),
          workingDays: e.workingDays,
          requestedAt: e.at,
          requestedByActorId: e.actor.id,
        },
      };
    case 'pauseRequestRejected':
      return { ...s, pendingPause: null };
    case 'clockResumed':
      return { ...s, pause: null, pausedWorkingMs: s.pausedWorkingMs + e.pausedWorkingMs, jointTasks: taskDueDates(s) };
    case 'resultReported':
      return { ...s, status: 'resultReported', result: e.summary };
    case 'feedbackGiven':
      return { ...s, status: 'awaitingRating', collectedRating: null };
    case 'caseRated':
      return { ...s, rating: e.rating, collectedRating: null };
    case 'ratingCollected':
      return {
        ...s,
        collectedRating: {
          rating: e.rating,
          ...(e.comment === undefined ? {} : { comment: e.comment }),
          channel: e.channel,
          ...(e.residentId === undefined ? {} : { residentId: e.residentId }),
          collectedByActorId: e.actor.id,
          at: e.at,
        },
      };
    case 'ratingWindowExpired':
      return { ...s, rating: 'notRated' };
    case 'caseReopened':
      return { ...s, status: 'handling', reopenCount: e.reopenCount, result: null, escalation: null, overdue: false };
    case 'caseFlaggedConcentrated':
      return { ...s, concentrated: true, supervision: e.supervision };
    case 'caseUrged':
      return s;
    case 'instructionIssued':
      return {
        ...s,
        instructions: [
          ...s.instructions,
          { instructionId: e.instructionId, text: e.text, byActorId: e.actor.id, at: e.at, ackDueAt: e.ackDueAt },
        ],
      };
    case 'instructionAcknowledged':
      return { ...s, instructions: s.instructions.filter((i) => i.instructionId !== e.instructionId) };
    case 'jointTaskAssigned':
      return {
        ...s,
        jointTasks: [
          ...s.jointTasks,
          {
            taskId: e.taskId,
            unit: e.unit,
            task: e.task,
            personName: e.personName,
            ...(e.personId === undefined ? {} : { personId: e.personId }),
            assignedAt: e.at,
            assignedByActorId: e.actor.id,
            dueAt: e.dueAt,
            status: 'open',
          },
        ],
      };
    case 'jointTaskCompleted':
      return settleTask(s, e.taskId, 'done', { text: e.result, byActorId: e.actor.id, at: e.at, late: e.late });
    case 'jointTaskExplained':
      return settleTask(s, e.taskId, 'explained', { text: e.explanation, byActorId: e.actor.id, at: e.at, late: false });
    case 'requestsWithdrawn': {
      const tasks = new Set(e.jointTaskIds ?? []);
      return {
        ...s,
        pendingExtension: e.extension ? null : s.pendingExtension,
        pendingPause: e.pause ? null : s.pendingPause,
        instructions: s.instructions.filter((i) => !e.instructionIds.includes(i.instructionId)),
        jointTasks: s.jointTasks.map((t) => (tasks.has(t.taskId) ? { ...t, status: 'withdrawn' } : t)),
      };
    }
    case 'deadlinesRecomputed':
      return { ...s, calendar: e.calendar, jointTasks: taskDueDates(s) };
    case 'caseClosed':
      return { ...s, status: 'closed', closure: e.closure, closedAt: e.at };
  }
}

function settleTask(s: RaisedCase, taskId: string, status: JointTask['status'], outcome: JointTask['outcome']): RaisedCase {
  return { ...s, jointTasks: s.jointTasks.map((t) => (t.taskId === taskId ? { ...t, status, ...(outcome ? { outcome } : {}) } : t)) };
}

/** Open tasks fall due when their deadlines do, after a pause or a recount has moved those. */
function taskDueDates(s: RaisedCase): readonly JointTask[] {
  if (s.jointTasks.length === 0) return s.jointTasks;
  const due = new Map(s.deadlines.filter((d) => d.kind === 'jointTask' && d.ref !== undefined).map((d) => [d.ref, d.dueAt]));
  return s.jointTasks.map((t) => {
    const dueAt = due.get(t.taskId);
    return dueAt === undefined || dueAt === t.dueAt ? t : { ...t, dueAt };
  });
}

export function evolveAll(state: CaseState, events: readonly CaseEvent[]): CaseState {
  return events.reduce(evolve, state);
}
