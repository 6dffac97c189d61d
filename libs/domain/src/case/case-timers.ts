import { systemActor } from '../actor';
import type { DeadlineReached } from './case-commands';
import type { CaseWaitKind, EscalationStepRule } from './case-policy';
import { type Decision, accept, reject } from './case-decision';
import type { CaseEvent } from './case-events';
import { type RaisedCase, escalationTriggers } from './case-state';
import { type NewDeadline, type PendingDeadline, deadlinesOfWait, scheduleDeadlines, withReminders } from './deadline';
import { type DecideEnv, chain, closeCase, withdrawOpenRequests } from './decide-support';
import { ratingEvents } from './decide-closing';
import { departmentsCovering, findTown } from '../organisation/duty-list';
import {
  escalationChain,
  escalationStep,
  escalationTargetIds,
  isLastStep,
  laterEscalationDeadlines,
  raisedSupervision,
  repeatDeadline,
  supervisionOf,
} from './escalation-chain';
import { toEpochMs, toIso } from '../instant';

const base = (env: DecideEnv, deadline: PendingDeadline) => ({
  at: env.at,
  actor: systemActor,
  deadlineId: deadline.id,
});

/** Who is reminded of, or told about, a deadline of this kind: units (departments, villages, towns) or people. */
export function notifyFor(kind: CaseWaitKind, env: DecideEnv, ref?: string): string[] {
  const { state, directory } = env;
  const handlerUnits = state.handler ? [state.handler.unitId, ...state.handler.coHandlingDepartmentIds] : [];
  switch (kind) {
    case 'triage':
      return [...(findTown(directory, state.location.townId)?.triageMemberIds ?? [state.location.townId])];
    case 'claimWindow':
      return departmentsCovering(directory, state.category).map((d) => d.id);
    case 'handlingPlan':
    case 'handling':
      return handlerUnits;
    case 'feedback':
      return [state.location.villageId, state.location.townId];
    case 'extensionDecision':
      return [...(state.supervision?.leaderIds ?? [])];
    case 'instructionAck': {
      const instruction = state.instructions.find((i) => i.instructionId === ref);
      return [...handlerUnits, ...(instruction ? [instruction.byActorId] : [])];
    }
    case 'concentratedReview':
      return [...directory.topDistrictLeaderIds, ...handlerUnits];
    case 'jointTask': {
      // The unit given the task and the lead unit that answers for the case.
      const task = state.jointTasks.find((t) => t.taskId === ref);
      return [...new Set([...(task ? [task.unit.unitId] : []), ...(state.handler ? [state.handler.unitId] : [])])];
    }
  }
}

/** Who hears that a deadline of this kind was missed (its chain, if any, goes on from there). */
function missedNotify(kind: CaseWaitKind, env: DecideEnv, ref?: string): string[] {
  switch (kind) {
    case 'handlingPlan':
      return escalationTargetIds('responsibleLeader', env.state, env.directory);
    case 'feedback':
      return [...(findTown(env.directory, env.state.location.townId)?.leaderIds ?? [])];
    case 'triage':
    case 'claimWindow':
    case 'handling':
    case 'extensionDecision':
    case 'instructionAck':
    case 'concentratedReview':
    case 'jointTask':
      return notifyFor(kind, env, ref);
  }
}

export function decideDeadlineReached(env: DecideEnv, command: DeadlineReached): Decision {
  const deadline = env.state.deadlines.find((d) => d.id === command.deadlineId);
  if (!deadline) {
    return reject('unknown-deadline', `deadline '${command.deadlineId}' is not pending (met, cleared or already handled)`);
  }
  if (toEpochMs(env.at) < toEpochMs(deadline.dueAt)) {
    return reject('not-due', `deadline '${deadline.id}' is due at ${deadline.dueAt}, not yet at ${env.at}`);
  }
  if (env.state.pause && deadline.kind !== 'pauseLimit') {
    return reject('wrong-state', `deadline '${deadline.id}' is frozen while the case clock is paused`);
  }
  return accept(eventsFor(env, deadline));
}

function eventsFor(env: DecideEnv, deadline: PendingDeadline): CaseEvent[] {
  switch (deadline.kind) {
    case 'reminder':
      return [
        {
          ...base(env, deadline),
          type: 'reminderSent',
          forDeadlineId: deadline.forDeadlineId,
          forKind: deadline.forKind,
          fraction: deadline.fraction,
          forDueAt: env.state.deadlines.find((d) => d.id === deadline.forDeadlineId)?.dueAt ?? deadline.dueAt,
          notify: notifyFor(deadline.forKind, env, deadline.ref),
          schedule: { remove: [deadline.id] },
        },
      ];
    case 'escalation': {
      const kind = deadline.forKind ?? 'handling';
      const rule = escalationStep(env.policy, kind, deadline.step);
      const next: NewDeadline[] = isLastStep(env.policy, kind, deadline.step)
        ? repeatDeadline(env.policy, env.calendar, kind, deadline.step, (deadline.repeat ?? 0) + 1, deadline.dueAt, deadline.ref)
        : [];
      return chain(env.state, escalate(env, kind, rule, deadline, next, deadline.repeat));
    }
    case 'ratingWindow':
      return ratingWindowClosed(env, deadline);
    case 'pauseLimit':
      return [resumeClock(env, systemActor, deadline.dueAt, deadline.id)];
    case 'triage':
    case 'claimWindow':
    case 'handlingPlan':
    case 'handling':
    case 'feedback':
    case 'extensionDecision':
    case 'instructionAck':
    case 'concentratedReview':
    case 'jointTask':
      return breach(env, deadline.kind, deadline);
  }
}

/**
 * A watched deadline passed: who it concerned hears so, and its chain starts — the steps due at
 * once now, the later ones (or, after the last, its repeats) as timers from the breach.
 */
function breach(env: DecideEnv, kind: CaseWaitKind, deadline: PendingDeadline): CaseEvent[] {
  const now = escalationChain(env.policy, kind).filter((rule) => rule.afterWorkingDays === 0);
  const later = laterEscalationDeadlines(env.policy, env.calendar, kind, deadline.dueAt, deadline.ref);
  // A missed handling deadline ends the requests that had to come before it.
  const lapsing = kind === 'handling' && env.state.pendingPause !== null && withdrawOpenRequests(env, 'deadlineMissed');
  return chain(
    env.state,
    // With no step at the breach, the missed deadline itself sets the timers of the later ones.
    missed(env, kind, deadline, now.length === 0 ? later : []),
    lapsing,
    ...now.map((rule, i) => escalate(env, kind, rule, deadline, i === now.length - 1 ? later : [])),
  );
}

function missed(env: DecideEnv, kind: CaseWaitKind, deadline: PendingDeadline, later: readonly NewDeadline[]) {
  return (state: RaisedCase): CaseEvent => {
    const lapsed = kind === 'handling' && state.pendingExtension !== null;
    const add = scheduleDeadlines(state, env.policy, env.calendar, later);
    return {
      ...base(env, deadline),
      type: 'deadlineMissed',
      kind: deadline.kind,
      dueAt: deadline.dueAt,
      notify: missedNotify(kind, env, deadline.ref),
      extensionRequestLapsed: lapsed,
      schedule: {
        remove: [...withReminders(state, deadline.id), ...(lapsed ? deadlinesOfWait(state, ['extensionDecision']) : [])],
        ...(add.length ? { add } : {}),
      },
    };
  };
}

function escalate(
  env: DecideEnv,
  kind: CaseWaitKind,
  rule: EscalationStepRule,
  deadline: PendingDeadline,
  add: readonly NewDeadline[],
  repeat?: number,
) {
  return (state: RaisedCase): CaseEvent => {
    const supervision = raisedSupervision(state.supervision, supervisionOf(rule.target, state, env.directory, env.at));
    const added = scheduleDeadlines(state, env.policy, env.calendar, add);
    const remove = deadline.kind === 'escalation' ? [deadline.id] : [];
    return {
      at: env.at,
      actor: systemActor,
      type: 'caseEscalated',
      trigger: escalationTriggers[kind],
      step: rule.step,
      target: rule.target,
      targetIds: escalationTargetIds(rule.target, state, env.directory),
      deadlineId: deadline.id,
      ...(supervision ? { supervision } : {}),
      ...(added.length || remove.length ? { schedule: { add: added, remove } } : {}),
      ...(repeat === undefined ? {} : { repeat }),
    };
  };
}

/**
 * The rating window closed. A rating the village or town collected in person counts now, as if
 * the resident had given it; without one the case closes as not rated (never as satisfied).
 */
function ratingWindowClosed(env: DecideEnv, deadline: PendingDeadline): CaseEvent[] {
  const collected = env.state.collectedRating;
  if (collected) return ratingEvents(env, systemActor, collected.rating, collected.comment, collected);
  return chain(
    env.state,
    () => ({ ...base(env, deadline), type: 'ratingWindowExpired', schedule: { remove: [deadline.id] } }),
    closeCase(env, systemActor, 'notRated'),
  );
}

/**
 * Ends a pause: every frozen deadline moves later by the working time the clock stood still, so
 * the handler keeps exactly the working time it had left when pausing.
 */
export function resumeClock(
  env: DecideEnv,
  actor: CaseEvent['actor'],
  resumedAt: string,
  deadlineId?: string,
): CaseEvent {
  const pause = env.state.pause;
  if (!pause) throw new Error('resumeClock needs a paused case');
  const pausedWorkingMs = env.calendar.workingTimeBetween(pause.since, resumedAt);
  const limit = env.state.deadlines.filter((d) => d.kind === 'pauseLimit').map((d) => d.id);
  const move = env.state.deadlines
    .filter((d) => d.kind !== 'pauseLimit')
    .map((d) => ({ id: d.id, dueAt: toIso(env.calendar.addWorkingTime(d.dueAt, pausedWorkingMs)) }));
  return {
    at: env.at,
    actor,
    type: 'clockResumed',
    pausedSince: pause.since,
    pausedWorkingMs,
    automatic: actor.role === 'system',
    ...(deadlineId ? { deadlineId } : {}),
    schedule: { remove: limit, move },
  };
}

