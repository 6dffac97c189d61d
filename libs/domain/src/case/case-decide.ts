import { type Actor, systemActor } from '../actor';
import {
  checkClaimScope,
  checkFeedbackScope,
  checkHandlingParty,
  checkRaiseScope,
  checkRater,
  checkRole,
  checkSupervisor,
  checkTriageScope,
} from './case-access';
import type {
  ApproveExtension,
  CaseCommand,
  ClaimCase,
  FlagConcentrated,
  PauseClock,
  RaiseCase,
  RateCase,
  RejectExtension,
  ReportResult,
  RequestExtension,
  ReturnCase,
  SubmitHandlingPlan,
  TransferCase,
  TriageCase,
} from './case-commands';
import { type Decision, type Rejection, accept, reject } from './case-decision';
import type { CaseEvent } from './case-events';
import { calendarOf } from '../calendar/calendars';
import {
  type PolicyRegistry,
  findPolicy,
  getPolicy,
  latestPolicy,
  pauseReasons,
  unknownPolicyMessage,
} from './case-policy';
import { type CaseState, type Handler, type RaisedCase, isRaised } from './case-state';
import { resumeClock, decideDeadlineReached } from './case-timers';
import { allDeadlineIds, findDeadline, scheduleDeadlines, withReminders } from './deadline';
import { type DecideEnv, chain, firstRejection, requireRunningClock, requireStatus, requireText } from './decide-support';
import { type Directory, coversCategory, findDepartment } from '../organisation/duty-list';
import { ordinarySupervision, raisedSupervision, supervisionOf } from './escalation-chain';
import { type Instant, toEpochMs, toIso } from '../instant';

export interface DecideContext {
  /** The workflow's deterministic clock; the only source of time for the decision. */
  readonly now: Instant;
  readonly directory: Directory;
  /**
   * Defaults to the built-in registry: versions are looked up in `registeredPolicies`, and new
   * cases that name none pin the latest of `policyVersions`. Tests pass their own to show version
   * pinning; its last entry is then the default.
   */
  readonly policies?: PolicyRegistry;
}

/**
 * The rule core: validates a command against the case and returns the events it causes, or a
 * rejection with a sentence for the caller. Never mutates; apply the events with `evolve`.
 */
export function decide(state: CaseState, command: CaseCommand, ctx: DecideContext): Decision {
  const forbidden = checkRole(command);
  if (forbidden) return forbidden;
  const at = toIso(ctx.now);
  if (command.type === 'raiseCase') return decideRaise(state, command, at, ctx.policies);
  if (!isRaised(state)) return reject('wrong-state', `the case has not been raised; '${command.type}' needs a raised case`);
  const policy = getPolicy(state.policyVersion, ctx.policies);
  const env: DecideEnv = { state, at, directory: ctx.directory, policy, calendar: calendarOf(policy.calendar) };
  switch (command.type) {
    case 'triageCase':
      return decideTriage(env, command);
    case 'claimCase':
      return decideClaim(env, command);
    case 'returnCase':
      return decideReturn(env, command);
    case 'transferCase':
      return decideTransfer(env, command);
    case 'submitHandlingPlan':
      return decideHandlingPlan(env, command);
    case 'requestExtension':
      return decideExtensionRequest(env, command);
    case 'approveExtension':
    case 'rejectExtension':
      return decideExtension(env, command);
    case 'pauseClock':
      return decidePause(env, command);
    case 'resumeClock':
      return (
        firstRejection(
          () => checkHandlingParty(command.actor, state),
          () => (state.pause ? null : reject('wrong-state', 'the case clock is not paused')),
        ) ?? accept([resumeClock(env, command.actor, at)])
      );
    case 'reportResult':
      return decideResult(env, command);
    case 'giveFeedback':
      return (
        firstRejection(
          () => requireStatus(state, ['resultReported'], 'await feedback to residents'),
          () => checkFeedbackScope(command.actor, state),
        ) ?? accept([feedbackGiven(env, command.actor, command.note)])
      );
    case 'rateCase':
      return decideRating(env, command);
    case 'flagConcentrated':
      return decideFlagConcentrated(env, command);
    case 'deadlineReached':
      return decideDeadlineReached(env, command);
  }
}

function decideRaise(state: CaseState, command: RaiseCase, at: string, policies?: PolicyRegistry): Decision {
  const chosenVersion = command.policyVersion;
  const rejection = firstRejection(
    () => (isRaised(state) ? reject('wrong-state', `case '${state.caseId}' has already been raised`) : null),
    () => requireText(command.caseId, 'caseId'),
    () => requireText(command.category, 'category'),
    () => requireText(command.description, 'description'),
    () => (command.reporterIds.length ? null : reject('invalid', 'a case needs at least one reporter')),
    () =>
      command.resolvedOnSpot && command.channel !== 'meeting'
        ? reject('invalid', 'only a case raised at a meeting can be resolved on the spot')
        : null,
    // A typo here must not silently fall back to the default: the caller asked for other deadlines.
    () =>
      chosenVersion === undefined || findPolicy(chosenVersion, policies)
        ? null
        : reject('invalid', unknownPolicyMessage(chosenVersion, policies)),
    () => checkRaiseScope(command),
  );
  if (rejection) return rejection;
  const { actor } = command;
  const raised: CaseEvent = {
    type: 'caseRaised',
    at,
    actor,
    caseId: command.caseId,
    policyVersion: chosenVersion ?? latestPolicy(policies).version,
    category: command.category,
    description: command.description,
    complexity: command.complexity,
    channel: command.channel,
    ...(command.meetingId === undefined ? {} : { meetingId: command.meetingId }),
    location: command.location,
    reporterIds: [...command.reporterIds],
    attachmentRefs: [...(command.attachmentRefs ?? [])],
  };
  if (!command.resolvedOnSpot) return accept([raised, { type: 'caseEnteredLedger', at, actor }]);
  return accept([
    raised,
    { type: 'caseResolvedOnSpot', at, actor, summary: command.resolvedOnSpot.summary },
    { type: 'caseClosed', at, actor, closure: 'resolvedOnSpot' },
  ]);
}

function handlingDueAt(env: DecideEnv): string {
  return toIso(env.calendar.addWorkingDays(env.at, env.policy.handlingWorkingDays[env.state.complexity]));
}

function decideTriage(env: DecideEnv, command: TriageCase): Decision {
  const { state, at, policy, calendar } = env;
  const rejection = firstRejection(
    () => requireStatus(state, ['inLedger'], 'can be triaged'),
    () => checkTriageScope(command.actor, state),
  );
  if (rejection) return rejection;
  const note = command.note === undefined ? {} : { note: command.note };
  if (command.route === 'district') {
    const claimDueAt = toIso(calendar.addWorkingDays(at, policy.claimWindowWorkingDays));
    const add = scheduleDeadlines(state, policy, [{ kind: 'claimWindow', setAt: at, dueAt: claimDueAt }]);
    return accept([{ type: 'casePublished', at, actor: command.actor, claimDueAt, ...note, schedule: { add } }]);
  }
  const unitId = command.route === 'village' ? state.location.villageId : state.location.townId;
  const handler: Handler = { level: command.route, unitId, coHandlingDepartmentIds: [], since: at };
  const dueAt = handlingDueAt(env);
  return accept([
    {
      type: 'caseAssigned',
      at,
      actor: command.actor,
      level: command.route,
      unitId,
      dueAt,
      supervision: ordinarySupervision({ ...state, handler }, env.directory, at),
      ...note,
      schedule: { add: scheduleDeadlines(state, policy, [{ kind: 'handling', setAt: at, dueAt }]) },
    },
  ]);
}

function checkCoHandlers(env: DecideEnv, lead: string, ids: readonly string[]): Rejection | null {
  const bad = ids.find((id) => id === lead || !findDepartment(env.directory, id));
  return bad === undefined
    ? null
    : reject('invalid', `'${bad}' cannot co-handle: it is the lead department or not a known department`);
}

function decideClaim(env: DecideEnv, command: ClaimCase): Decision {
  const { state, at, policy, calendar, directory } = env;
  const coHandlingDepartmentIds = [...(command.coHandlingDepartmentIds ?? [])];
  const rejection = firstRejection(
    () => requireStatus(state, ['published'], 'can be claimed'),
    () => checkClaimScope(command.actor, state, directory),
    () => checkCoHandlers(env, command.actor.departmentId ?? '', coHandlingDepartmentIds),
  );
  if (rejection) return rejection;
  const leadDepartmentId = command.actor.departmentId ?? '';
  const handler: Handler = { level: 'district', unitId: leadDepartmentId, coHandlingDepartmentIds, since: at };
  const handlingDue = handlingDueAt(env);
  const add = scheduleDeadlines(state, policy, [
    { kind: 'handlingPlan', setAt: at, dueAt: toIso(calendar.addWorkingDays(at, policy.handlingPlanWorkingDays)) },
    { kind: 'handling', setAt: at, dueAt: handlingDue },
  ]);
  return accept([
    {
      type: 'caseClaimed',
      at,
      actor: command.actor,
      leadDepartmentId,
      coHandlingDepartmentIds,
      late: state.escalation?.trigger === 'unclaimed',
      handlingDueAt: handlingDue,
      supervision: ordinarySupervision({ ...state, handler }, directory, at),
      schedule: { remove: allDeadlineIds(state), add },
    },
  ]);
}

/** Checks shared by everything the handler does while the case is being worked on. */
function checkWorkingHandler(env: DecideEnv, actor: Actor, whatFor: string): Rejection | null {
  return firstRejection(
    () => requireStatus(env.state, ['claimed', 'handling'], whatFor),
    () => checkHandlingParty(actor, env.state),
    () => requireRunningClock(env.state),
  );
}

function decideReturn(env: DecideEnv, command: ReturnCase): Decision {
  const { state, at } = env;
  const rejection = firstRejection(
    () => checkWorkingHandler(env, command.actor, 'can be returned'),
    () => requireText(command.reason, 'reason'),
  );
  if (rejection) return rejection;
  const handler = state.handler as Handler;
  return accept([
    {
      type: 'caseReturned',
      at,
      actor: command.actor,
      reason: command.reason,
      fromLevel: handler.level,
      fromUnitId: handler.unitId,
      schedule: { remove: allDeadlineIds(state) },
    },
  ]);
}

function decideTransfer(env: DecideEnv, command: TransferCase): Decision {
  const { state, at, policy, calendar, directory } = env;
  const target = findDepartment(directory, command.toDepartmentId);
  const rejection = firstRejection(
    () => checkWorkingHandler(env, command.actor, 'can be transferred'),
    () => requireText(command.reason, 'reason'),
    () => (target ? null : reject('invalid', `'${command.toDepartmentId}' is not a known department`)),
    () =>
      command.toDepartmentId === state.handler?.unitId
        ? reject('invalid', 'a case cannot be transferred to its own lead department')
        : null,
    () =>
      target && coversCategory(target, state.category)
        ? null
        : reject('invalid', `department '${command.toDepartmentId}' does not cover category '${state.category}'`),
  );
  if (rejection) return rejection;
  const handler = state.handler as Handler;
  const plan = findDeadline(state, 'handlingPlan');
  const newHandler: Handler = { ...handler, unitId: command.toDepartmentId };
  return accept([
    {
      type: 'caseTransferred',
      at,
      actor: command.actor,
      fromDepartmentId: handler.unitId,
      toDepartmentId: command.toDepartmentId,
      reason: command.reason,
      supervision: ordinarySupervision({ ...state, handler: newHandler }, directory, at),
      // The handling deadline keeps running: a transfer must not buy time. Only the plan restarts.
      schedule: {
        remove: plan ? withReminders(state, plan.id) : [],
        add: scheduleDeadlines(state, policy, [
          { kind: 'handlingPlan', setAt: at, dueAt: toIso(calendar.addWorkingDays(at, policy.handlingPlanWorkingDays)) },
        ]),
      },
    },
  ]);
}

function decideHandlingPlan(env: DecideEnv, command: SubmitHandlingPlan): Decision {
  const { state, at } = env;
  const rejection = firstRejection(
    () => requireStatus(state, ['claimed'], 'await a handling plan'),
    () => checkHandlingParty(command.actor, state),
    () => requireText(command.plan, 'plan'),
    () => requireText(command.responsibility.unit, 'responsible unit'),
    () => requireText(command.responsibility.personName, 'responsible person'),
  );
  if (rejection) return rejection;
  const plan = findDeadline(state, 'handlingPlan');
  return accept([
    {
      type: 'handlingPlanSubmitted',
      at,
      actor: command.actor,
      plan: command.plan,
      responsibility: { departmentId: (state.handler as Handler).unitId, ...command.responsibility },
      late: !plan,
      schedule: { remove: plan ? withReminders(state, plan.id) : [] },
    },
  ]);
}

function decideExtensionRequest(env: DecideEnv, command: RequestExtension): Decision {
  const { state, at, policy } = env;
  const { maxWorkingDaysPerRequest, maxGranted } = policy.extension;
  const handling = findDeadline(state, 'handling');
  const rejection = firstRejection(
    () => checkWorkingHandler(env, command.actor, 'can have their deadline extended'),
    () => requireText(command.reason, 'reason'),
    () =>
      Number.isInteger(command.workingDays) && command.workingDays >= 1 && command.workingDays <= maxWorkingDaysPerRequest
        ? null
        : reject('invalid', `an extension must be 1 to ${maxWorkingDaysPerRequest} whole working days`),
    () =>
      state.pendingExtension
        ? reject('wrong-state', `an extension request from ${state.pendingExtension.requestedAt} is still undecided`)
        : null,
    () =>
      state.extensionsGranted >= maxGranted
        ? reject('wrong-state', `the case already had the maximum of ${maxGranted} extensions`)
        : null,
    () =>
      handling && toEpochMs(at) < toEpochMs(handling.dueAt)
        ? null
        : reject('late', 'the handling deadline has passed; an extension must be requested before it'),
  );
  if (rejection) return rejection;
  return accept([
    { type: 'extensionRequested', at, actor: command.actor, workingDays: command.workingDays, reason: command.reason },
  ]);
}

function decideExtension(env: DecideEnv, command: ApproveExtension | RejectExtension): Decision {
  const { state, at, calendar } = env;
  const request = state.pendingExtension;
  if (!request) return reject('wrong-state', 'no extension request is pending');
  const rejection = firstRejection(
    () => checkSupervisor(command.actor, state),
    () => requireText(command.reason, 'reason'),
  );
  if (rejection) return rejection;
  if (command.type === 'rejectExtension') {
    return accept([{ type: 'extensionRejected', at, actor: command.actor, reason: command.reason }]);
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
      schedule: { move },
    },
  ]);
}

function decidePause(env: DecideEnv, command: PauseClock): Decision {
  const { state, at, policy } = env;
  const rejection = firstRejection(
    () => checkWorkingHandler(env, command.actor, 'can have their clock paused'),
    () =>
      pauseReasons.includes(command.reason)
        ? null
        : reject('invalid', `'${String(command.reason)}' is not a pause reason; use one of ${pauseReasons.join(', ')}`),
    () => (state.overdue ? reject('late', 'the handling deadline has passed; an overdue case cannot be paused') : null),
  );
  if (rejection) return rejection;
  const limitAt = toIso(env.calendar.addWorkingDays(at, policy.pauseReasons[command.reason].maxWorkingDays));
  return accept([
    {
      type: 'clockPaused',
      at,
      actor: command.actor,
      reason: command.reason,
      ...(command.note === undefined ? {} : { note: command.note }),
      limitAt,
      schedule: { add: scheduleDeadlines(state, policy, [{ kind: 'pauseLimit', setAt: at, dueAt: limitAt }]) },
    },
  ]);
}

function decideResult(env: DecideEnv, command: ReportResult): Decision {
  const { state, at, policy } = env;
  const rejection = firstRejection(
    () =>
      state.status === 'claimed'
        ? reject('wrong-state', 'case is in state \'claimed\'; submit the handling plan before reporting a result')
        : null,
    () => requireStatus(state, ['handling'], 'can report a result'),
    () => checkHandlingParty(command.actor, state),
    () => requireRunningClock(state),
    () => requireText(command.summary, 'summary'),
  );
  if (rejection) return rejection;
  const feedbackDueAt = toIso(env.calendar.addWorkingDays(at, policy.feedbackWorkingDays));
  return accept([
    {
      type: 'resultReported',
      at,
      actor: command.actor,
      summary: command.summary,
      overdue: state.overdue,
      feedbackDueAt,
      schedule: {
        remove: allDeadlineIds(state),
        add: scheduleDeadlines(state, policy, [{ kind: 'feedback', setAt: at, dueAt: feedbackDueAt }]),
      },
    },
  ]);
}

function feedbackGiven(env: DecideEnv, actor: Actor, note: string | undefined): CaseEvent {
  const { state, at, policy } = env;
  const ratingDueAt = toIso(env.calendar.addCalendarDays(at, policy.ratingWindowCalendarDays));
  return {
    type: 'feedbackGiven',
    at,
    actor,
    ...(note === undefined ? {} : { note }),
    late: !findDeadline(state, 'feedback'),
    ratingDueAt,
    schedule: {
      remove: allDeadlineIds(state),
      add: scheduleDeadlines(state, policy, [{ kind: 'ratingWindow', setAt: at, dueAt: ratingDueAt }]),
    },
  };
}

function decideRating(env: DecideEnv, command: RateCase): Decision {
  const { state, at } = env;
  const rejection = firstRejection(
    () =>
      state.closure === 'notRated'
        ? reject('late', `the rating window closed; the case was closed as not rated at ${state.closedAt ?? '?'}`)
        : null,
    () => requireStatus(state, ['awaitingRating'], 'can be rated'),
    () => checkRater(command.actor, state),
  );
  if (rejection) return rejection;
  const { actor, rating } = command;
  const rated = (): CaseEvent => ({
    type: 'caseRated',
    at,
    actor,
    rating,
    ...(command.comment === undefined ? {} : { comment: command.comment }),
    schedule: { remove: allDeadlineIds(state) },
  });
  if (rating !== 'dissatisfied') {
    return accept(chain(state, rated, () => ({ type: 'caseClosed', at, actor, closure: rating })));
  }
  const reopenCount = state.reopenCount + 1;
  return accept(
    chain(state, rated, reopened(env, actor, reopenCount), reopenCount >= env.policy.reopenEscalatesAt && reopenEscalated(env)),
  );
}

/** 重办: the same handler works the case again against a fresh handling deadline. */
function reopened(env: DecideEnv, actor: Actor, reopenCount: number) {
  return (state: RaisedCase): CaseEvent => {
    const dueAt = handlingDueAt(env);
    return {
      type: 'caseReopened',
      at: env.at,
      actor,
      reopenCount,
      dueAt,
      schedule: { add: scheduleDeadlines(state, env.policy, [{ kind: 'handling', setAt: env.at, dueAt }]) },
    };
  };
}

function reopenEscalated(env: DecideEnv) {
  return (state: RaisedCase): CaseEvent => {
    const target = 'supervisingDistrictLeader' as const;
    const candidate = supervisionOf(target, state, env.directory, env.at);
    const supervision = raisedSupervision(state.supervision, candidate);
    return {
      type: 'caseEscalated',
      at: env.at,
      actor: systemActor,
      trigger: 'reopenedAgain',
      step: 1,
      target,
      targetIds: candidate?.leaderIds ?? [],
      ...(supervision ? { supervision } : {}),
    };
  };
}

function decideFlagConcentrated(env: DecideEnv, command: FlagConcentrated): Decision {
  const { state, at, directory } = env;
  const rejection = firstRejection(
    () => (state.status === 'closed' ? reject('wrong-state', 'a closed case cannot be flagged as concentrated') : null),
    () => (state.concentrated ? reject('wrong-state', 'the case is already flagged as a concentrated issue') : null),
    () => requireText(command.reason, 'reason'),
  );
  if (rejection) return rejection;
  return accept([
    {
      type: 'caseFlaggedConcentrated',
      at,
      actor: command.actor,
      reason: command.reason,
      ...(command.clusterId === undefined ? {} : { clusterId: command.clusterId }),
      supervision: ordinarySupervision({ ...state, concentrated: true }, directory, at),
    },
  ]);
}
