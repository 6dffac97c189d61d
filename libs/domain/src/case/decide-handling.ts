import { DAY_MS } from '../calendar/shanghai-time';
import { toEpochMs, toIso } from '../instant';
import type {
  ApproveExtension,
  ApprovePause,
  PauseClock,
  RejectExtension,
  RejectPause,
  ReportResult,
  RequestExtension,
  ResumeClock,
} from './case-commands';
import { type Decision, type Rejection, accept, reject } from './case-decision';
import type { CaseEvent } from './case-events';
import { pauseReasons } from './case-policy';
import { deadlinesOfWait, findDeadline, scheduleDeadlines } from './deadline';
import {
  type DecideEnv,
  caseWideWaits,
  chain,
  deadlinesExcept,
  firstRejection,
  requireStatus,
  requireText,
  withdrawOpenRequests,
} from './decide-support';
import { resumeClock } from './case-timers';

export function decideExtensionRequest(env: DecideEnv, command: RequestExtension): Decision {
  const { state, at, policy, calendar } = env;
  // How many extensions the case may still have is a precondition (case-actions): the console offers none past the policy's limit.
  const { maxWorkingDaysPerRequest } = policy.extension;
  const handling = findDeadline(state, 'handling');
  const rejection = firstRejection(
    () => requireText(command.reason, 'reason'),
    () =>
      Number.isInteger(command.workingDays) && command.workingDays >= 1 && command.workingDays <= maxWorkingDaysPerRequest
        ? null
        : reject('invalid', `an extension must be 1 to ${maxWorkingDaysPerRequest} whole working days`, 'workingDays', { rule: 'out-of-range', params: { minimum: 1, maximum: maxWorkingDaysPerRequest } }),
    () =>
      handling && toEpochMs(at) < toEpochMs(handling.dueAt)
        ? null
        : reject('late', 'the handling deadline has passed; an extension must be requested before it'),
  );
  if (rejection) return rejection;
  const decisionDays = policy.extensionDecisionWorkingDays;
  const add =
    decisionDays === null
      ? []
      : scheduleDeadlines(state, policy, calendar, [
          { kind: 'extensionDecision', setAt: at, dueAt: toIso(calendar.addWorkingDays(at, decisionDays)) },
        ]);
  return accept([
    {
      type: 'extensionRequested',
      at,
      actor: command.actor,
      workingDays: command.workingDays,
      reason: command.reason,
      ...(add.length ? { schedule: { add } } : {}),
    },
  ]);
}

export function decideExtension(env: DecideEnv, command: ApproveExtension | RejectExtension): Decision {
  const { state, at, calendar } = env;
  // The preconditions (case-actions) saw a pending request and its supervisor.
  const request = state.pendingExtension;
  if (!request) return reject('wrong-state', 'no extension request is pending');
  const rejection = requireText(command.reason, 'reason');
  if (rejection) return rejection;
  const decided = deadlinesOfWait(state, ['extensionDecision']);
  if (command.type === 'rejectExtension') {
    return accept([
      { type: 'extensionRejected', at, actor: command.actor, reason: command.reason, ...(decided.length ? { schedule: { remove: decided } } : {}) },
    ]);
  }
  const handling = findDeadline(state, 'handling');
  if (!handling) return reject('wrong-state', 'the case has no running handling deadline to extend');
  const newDueAt = toIso(calendar.addWorkingDays(handling.dueAt, request.workingDays));
  // Reminders not yet sent move with the deadline; those already sent are not repeated.
  const move = state.deadlines.flatMap((d) => {
    if (d.id === handling.id) return [{ id: d.id, dueAt: newDueAt }];
    if (d.kind === 'reminder' && d.forDeadlineId === handling.id) {
      return [{ id: d.id, dueAt: toIso(calendar.deadlineFractionPoint(handling.setAt, newDueAt, d.fraction)) }];
    }
    return [];
  });
  return accept([
    {
      type: 'extensionApproved',
      at,
      actor: command.actor,
      reason: command.reason,
      workingDays: request.workingDays,
      previousDueAt: handling.dueAt,
      newDueAt,
      schedule: { move, ...(decided.length ? { remove: decided } : {}) },
    },
  ]);
}

/** Whole working days of pause the case may still take, or null when the policy sets no total. */
function pauseDaysLeft(env: DecideEnv): number | null {
  const total = env.policy.pauseTotalMaxWorkingDays;
  return total === null ? null : Math.max(0, total - Math.ceil(env.state.pausedWorkingMs / DAY_MS));
}

function checkPauseLength(env: DecideEnv, workingDays: number): Rejection | null {
  const left = pauseDaysLeft(env);
  if (left !== null && workingDays > left) {
    return reject('invalid', `the case may be paused ${left} more working days in all (policy ${env.policy.version})`, 'workingDays', { rule: 'above-maximum', params: { maximum: left } });
  }
  return null;
}

/**
 * Stops the case clock. The first pause within its reason's cap is the handler's own call; under a
 * policy with approval, a second pause or a longer one waits for the supervising leader.
 */
export function decidePause(env: DecideEnv, command: PauseClock): Decision {
  const { state, at, policy } = env;
  const cap = pauseReasons.includes(command.reason) ? policy.pauseReasons[command.reason].maxWorkingDays : 0;
  const workingDays = command.workingDays ?? cap;
  const needsApproval = policy.pauseApproval === 'repeatOrLonger' && (state.pauseCount > 0 || workingDays > cap);
  const rejection = firstRejection(
    () =>
      pauseReasons.includes(command.reason)
        ? null
        : reject('invalid', `'${String(command.reason)}' is not a pause reason; use one of ${pauseReasons.join(', ')}`, 'reason', { rule: 'unknown', params: { value: String(command.reason) } }),
    () =>
      Number.isInteger(workingDays) && workingDays >= 1
        ? null
        : reject('invalid', 'a pause lasts a whole number of working days, at least 1', 'workingDays', { rule: 'out-of-range', params: { minimum: 1 } }),
    () =>
      policy.pauseApproval === 'never' && workingDays > cap
        ? reject('invalid', `a pause for this reason lasts at most ${cap} working days`, 'workingDays', { rule: 'above-maximum', params: { maximum: cap } })
        : null,
    () => checkPauseLength(env, workingDays),
  );
  if (rejection) return rejection;
  const note = command.note === undefined ? {} : { note: command.note };
  if (needsApproval) {
    return accept([
      {
        type: 'pauseRequested',
        at,
        actor: command.actor,
        reason: command.reason,
        ...note,
        workingDays,
        notify: [...(state.supervision?.leaderIds ?? [])],
      },
    ]);
  }
  return accept([pauseEvent(env, command.actor, command.reason, workingDays, command.note)]);
}

function pauseEvent(env: DecideEnv, actor: CaseEvent['actor'], reason: PauseClock['reason'], workingDays: number, note?: string, requestedByActorId?: string): CaseEvent {
  const { state, at, policy, calendar } = env;
  const limitAt = toIso(calendar.addWorkingDays(at, workingDays));
  return {
    type: 'clockPaused',
    at,
    actor,
    reason,
    ...(note === undefined ? {} : { note }),
    limitAt,
    ...(requestedByActorId === undefined ? {} : { requestedByActorId }),
    schedule: { add: scheduleDeadlines(state, policy, calendar, [{ kind: 'pauseLimit', setAt: at, dueAt: limitAt }]) },
  };
}

/** The supervising leader decides a pause that needs approval; approved, the clock stops from now. */
export function decidePauseDecision(env: DecideEnv, command: ApprovePause | RejectPause): Decision {
  const { state, at } = env;
  // The preconditions (case-actions) saw a pending pause and its supervisor.
  const request = state.pendingPause;
  if (!request) return reject('wrong-state', 'no pause waits for approval');
  const rejection = command.type === 'rejectPause' ? requireText(command.reason, 'reason') : null;
  if (rejection) return rejection;
  if (command.type === 'rejectPause') {
    return accept([{ type: 'pauseRequestRejected', at, actor: command.actor, reason: command.reason }]);
  }
  const still = firstRejection(
    () => requireStatus(state, ['claimed', 'handling'], 'can have their clock paused'),
    () => (state.overdue ? reject('late', 'the handling deadline has passed; an overdue case cannot be paused') : null),
    () => (state.pause ? reject('wrong-state', 'the case clock is already paused') : null),
    () => checkPauseLength(env, request.workingDays),
  );
  if (still) return still;
  return accept([pauseEvent(env, command.actor, request.reason, request.workingDays, request.note ?? command.note, request.requestedByActorId)]);
}

export function decideResume(env: DecideEnv, command: ResumeClock): Decision {
  return accept([resumeClock(env, command.actor, env.at)]);
}

export function decideResult(env: DecideEnv, command: ReportResult): Decision {
  const { state, at, policy, calendar } = env;
  const rejection = requireText(command.summary, 'summary');
  if (rejection) return rejection;
  const feedbackDueAt = toIso(calendar.addWorkingDays(at, policy.feedbackWorkingDays));
  return accept(
    chain(state, withdrawOpenRequests(env, 'resultReported'), (current) => ({
      type: 'resultReported',
      at,
      actor: command.actor,
      summary: command.summary,
      overdue: current.overdue,
      feedbackDueAt,
      schedule: {
        remove: deadlinesExcept(current, caseWideWaits),
        add: scheduleDeadlines(current, policy, calendar, [{ kind: 'feedback', setAt: at, dueAt: feedbackDueAt }]),
      },
    })),
  );
}
