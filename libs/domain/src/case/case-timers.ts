import { systemActor } from '../actor';
import type { DeadlineReached } from './case-commands';
import type { EscalationStepRule, RemindedDeadlineKind } from './case-policy';
import { type Decision, accept, reject } from './case-decision';
import type { CaseEvent } from './case-events';
import type { RaisedCase } from './case-state';
import { type NewDeadline, type PendingDeadline, scheduleDeadlines, withReminders } from './deadline';
import { type DecideEnv, chain } from './decide-support';
import { departmentsCovering, findTown } from '../organisation/duty-list';
import {
  escalationStep,
  escalationTargetIds,
  firstEscalationStep,
  laterEscalationDeadlines,
  raisedSupervision,
  supervisionOf,
} from './escalation-chain';
import { toEpochMs, toIso } from '../instant';

const base = (env: DecideEnv, deadline: PendingDeadline) => ({
  at: env.at,
  actor: systemActor,
  deadlineId: deadline.id,
});

/** Who is reminded of, or told about, a deadline of this kind. */
function notifyFor(kind: RemindedDeadlineKind, env: DecideEnv): string[] {
  const { state, directory } = env;
  switch (kind) {
    case 'claimWindow':
      return departmentsCovering(directory, state.category).map((d) => d.id);
    case 'handlingPlan':
    case 'handling':
      return state.handler ? [state.handler.unitId, ...state.handler.coHandlingDepartmentIds] : [];
    case 'feedback':
      return [state.location.villageId, state.location.townId];
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
          notify: notifyFor(deadline.forKind, env),
          schedule: { remove: [deadline.id] },
        },
      ];
    case 'claimWindow':
      return chain(env.state, missed(env, deadline, notifyFor('claimWindow', env)), escalate(env, 'unclaimed', unclaimedRule, deadline));
    case 'handlingPlan':
      return [missed(env, deadline, escalationTargetIds('responsibleLeader', env.state, env.directory))(env.state)];
    case 'handling': {
      const first = firstEscalationStep(env.policy);
      return chain(
        env.state,
        missed(env, deadline, notifyFor('handling', env)),
        escalate(env, 'overdue', first, deadline, laterEscalationDeadlines(env.policy, deadline.dueAt)),
      );
    }
    case 'escalation':
      return chain(env.state, escalate(env, 'overdue', escalationStep(env.policy, deadline.step), deadline));
    case 'feedback':
      return [missed(env, deadline, [...(findTown(env.directory, env.state.location.townId)?.leaderIds ?? [])])(env.state)];
    case 'ratingWindow':
      return chain(
        env.state,
        () => ({ ...base(env, deadline), type: 'ratingWindowExpired', schedule: { remove: [deadline.id] } }),
        () => ({ at: env.at, actor: systemActor, type: 'caseClosed', closure: 'notRated' }),
      );
    case 'pauseLimit':
      return [resumeClock(env, systemActor, deadline.dueAt, deadline.id)];
  }
}

/** An unclaimed case goes straight to the supervising district leader of the best-matching department. */
const unclaimedRule: EscalationStepRule = { step: 1, afterWorkingDays: 0, target: 'supervisingDistrictLeader' };

function missed(env: DecideEnv, deadline: PendingDeadline, notify: readonly string[]) {
  return (state: RaisedCase): CaseEvent => ({
    ...base(env, deadline),
    type: 'deadlineMissed',
    kind: deadline.kind,
    dueAt: deadline.dueAt,
    notify,
    extensionRequestLapsed: deadline.kind === 'handling' && state.pendingExtension !== null,
    schedule: { remove: withReminders(state, deadline.id) },
  });
}

function escalate(
  env: DecideEnv,
  trigger: 'overdue' | 'unclaimed',
  rule: EscalationStepRule,
  deadline: PendingDeadline,
  laterSteps: readonly NewDeadline[] = [],
) {
  return (state: RaisedCase): CaseEvent => {
    const supervision = raisedSupervision(state.supervision, supervisionOf(rule.target, state, env.directory, env.at));
    const add = scheduleDeadlines(state, env.policy, laterSteps);
    const remove = deadline.kind === 'escalation' ? [deadline.id] : [];
    return {
      at: env.at,
      actor: systemActor,
      type: 'caseEscalated',
      trigger,
      step: rule.step,
      target: rule.target,
      targetIds: escalationTargetIds(rule.target, state, env.directory),
      deadlineId: deadline.id,
      ...(supervision ? { supervision } : {}),
      ...(add.length || remove.length ? { schedule: { add, remove } } : {}),
    };
  };
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
