import { calendarOf } from '../calendar/calendars';
import { type CalendarData, packageCalendarData } from '../calendar/holiday-data';
import type { Instant } from '../instant';
import { toIso } from '../instant';
import type { Directory } from '../organisation/duty-list';
import { checkRole } from './case-access';
import { actionPreconditions, checkOpen, isCaseAction } from './case-actions';
import type { CaseCommand } from './case-commands';
import { type Decision, reject } from './case-decision';
import { type PolicyRegistry, getPolicy } from './case-policy';
import { type CaseState, isRaised } from './case-state';
import { decideDeadlineReached } from './case-timers';
import { decideAssignDepartment, decideClaim, decideHandlingPlan, decideReassign, decideTransfer } from './decide-assignment';
import { decideRecompute } from './decide-calendar';
import { decideFeedback, decideRating, decideRecordRating } from './decide-closing';
import {
  decideExtension,
  decideExtensionRequest,
  decidePause,
  decidePauseDecision,
  decideResult,
  decideResume,
} from './decide-handling';
import { decideRaise, decideReturn, decideTriage } from './decide-intake';
import {
  decideAcknowledgeEscalation,
  decideAcknowledgeInstruction,
  decideFlagConcentrated,
  decideInstruct,
  decideUrge,
} from './decide-supervision';
import { type DecideEnv, firstRejection } from './decide-support';
import { decideAssignJointTask, decideCompleteJointTask, decideExplainJointTask } from './decide-joint-tasks';

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
  /** The holiday data deadlines are counted with; the package's alone when absent. */
  readonly calendar?: CalendarData;
}

/**
 * The rule core: validates a command against the case and returns the events it causes, or a
 * rejection with a sentence for the caller. Never mutates; apply the events with `evolve`.
 * An action's role and preconditions (case-actions, which also say what a person may do) come
 * first; each decide function then checks what the command carries and the time.
 * Each phase of the loop decides in its own file (decide-intake, -assignment, -handling,
 * -closing, -supervision, -joint-tasks, -calendar; timers in case-timers).
 */
export function decide(state: CaseState, command: CaseCommand, ctx: DecideContext): Decision {
  const forbidden = checkRole(command);
  if (forbidden) return forbidden;
  const at = toIso(ctx.now);
  const calendarData = ctx.calendar ?? packageCalendarData;
  if (command.type === 'raiseCase') return decideRaise(state, command, at, calendarData, ctx.policies);
  if (!isRaised(state)) return reject('wrong-state', `the case has not been raised; '${command.type}' needs a raised case`);
  const policy = getPolicy(state.policyVersion, ctx.policies);
  const refused = firstRejection(
    () => checkOpen(command.type, state),
    () => (isCaseAction(command.type) ? actionPreconditions[command.type](state, command.actor, { directory: ctx.directory, policy }) : null),
  );
  if (refused) return refused;
  const env: DecideEnv = { state, at, directory: ctx.directory, policy, calendar: calendarOf(policy.calendar, calendarData) };
  switch (command.type) {
    case 'triageCase':
      return decideTriage(env, command);
    case 'claimCase':
      return decideClaim(env, command);
    case 'assignDepartment':
      return decideAssignDepartment(env, command);
    case 'returnCase':
      return decideReturn(env, command);
    case 'transferCase':
      return decideTransfer(env, command);
    case 'reassignCase':
      return decideReassign(env, command);
    case 'submitHandlingPlan':
      return decideHandlingPlan(env, command);
    case 'requestExtension':
      return decideExtensionRequest(env, command);
    case 'approveExtension':
    case 'rejectExtension':
      return decideExtension(env, command);
    case 'pauseClock':
      return decidePause(env, command);
    case 'approvePause':
    case 'rejectPause':
      return decidePauseDecision(env, command);
    case 'resumeClock':
      return decideResume(env, command);
    case 'reportResult':
      return decideResult(env, command);
    case 'giveFeedback':
      return decideFeedback(env, command);
    case 'rateCase':
      return decideRating(env, command);
    case 'recordRating':
      return decideRecordRating(env, command);
    case 'urgeCase':
      return decideUrge(env, command);
    case 'instructCase':
      return decideInstruct(env, command);
    case 'acknowledgeInstruction':
      return decideAcknowledgeInstruction(env, command);
    case 'acknowledgeEscalation':
      return decideAcknowledgeEscalation(env, command);
    case 'assignJointTask':
      return decideAssignJointTask(env, command);
    case 'completeJointTask':
      return decideCompleteJointTask(env, command);
    case 'explainJointTask':
      return decideExplainJointTask(env, command);
    case 'flagConcentrated':
      return decideFlagConcentrated(env, command);
    case 'deadlineReached':
      return decideDeadlineReached(env, command);
    case 'recomputeDeadlines':
      return decideRecompute(env, command);
  }
}
