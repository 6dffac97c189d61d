import type { Actor } from '../actor';
import type { Directory } from '../organisation/duty-list';
import {
  checkClaimScope,
  checkFeedbackScope,
  checkHandlingParty,
  checkRater,
  checkRoleFor,
  checkSupervisingLeader,
  checkSupervisor,
  checkTriageScope,
  actsForUnit,
  isSupervisingLeader,
} from './case-access';
import type { CaseCommandType } from './case-commands';
import { type Rejection, reject } from './case-decision';
import type { CaseStatus, JointTask, RaisedCase } from './case-state';
import type { CasePolicy } from './case-policy';
import type { CaseView } from './case-view';
import { firstRejection, openJointTasks, requireRunningClock, requireStatus } from './decide-support';

/** The commands a person sends on a raised case (raising it, and the workflow's own, are not among them). */
export const caseActionTypes = [
  'triageCase',
  'claimCase',
  'assignDepartment',
  'returnCase',
  'transferCase',
  'reassignCase',
  'submitHandlingPlan',
  'requestExtension',
  'approveExtension',
  'rejectExtension',
  'pauseClock',
  'approvePause',
  'rejectPause',
  'resumeClock',
  'reportResult',
  'giveFeedback',
  'rateCase',
  'recordRating',
  'urgeCase',
  'instructCase',
  'acknowledgeInstruction',
  'acknowledgeEscalation',
  'assignJointTask',
  'completeJointTask',
  'explainJointTask',
  'flagConcentrated',
] as const satisfies readonly CaseCommandType[];

export type CaseActionType = (typeof caseActionTypes)[number];

// Every command but raising and the workflow's own is an action: a new command must be listed above.
const everyAction: Record<Exclude<CaseCommandType, 'raiseCase' | 'deadlineReached' | 'recomputeDeadlines'>, true> =
  Object.fromEntries(caseActionTypes.map((type) => [type, true])) as Record<CaseActionType, true>;

export function isCaseAction(type: CaseCommandType): type is CaseActionType {
  return type in everyAction;
}

/** What the preconditions of an action read of a case: the case state, or a case view (see `caseFactsOfView`). */
export type CaseFacts = Pick<
  RaisedCase,
  | 'status'
  | 'category'
  | 'location'
  | 'reporterIds'
  | 'handler'
  | 'supervision'
  | 'escalation'
  | 'overdue'
  | 'concentrated'
  | 'pause'
  | 'pendingPause'
  | 'pendingExtension'
  | 'extensionsGranted'
  | 'instructions'
  | 'jointTasks'
  | 'collectedRating'
  | 'closure'
  | 'closedAt'
>;

/**
 * A case view with what the view leaves out (its reporters) read as the preconditions' facts. A
 * view recorded before some fields existed (the read model keeps a case's last one) reads them as
 * a case of that time had them: nothing pending.
 */
export function caseFactsOfView(view: CaseView, reporterIds: readonly string[]): CaseFacts {
  const recorded: Partial<CaseView> = view;
  return {
    ...view,
    pause: recorded.paused ?? null,
    pendingPause: recorded.pendingPause ?? null,
    pendingExtension: recorded.pendingExtension ?? null,
    extensionsGranted: recorded.extensionsGranted ?? 0,
    instructions: recorded.instructions ?? [],
    jointTasks: recorded.jointTasks ?? [],
    collectedRating: recorded.collectedRating ?? null,
    reporterIds,
  };
}

/** What the preconditions read beside the case and the actor: the organisation, and the case's own policy's limits. */
export interface PreconditionContext {
  readonly directory: Directory;
  /** The policy the case is pinned to (its `policyVersion`). */
  readonly policy: Pick<CasePolicy, 'extension'>;
}

type Precondition = (facts: CaseFacts, actor: Actor, context: PreconditionContext) => Rejection | null;

const workingStatuses: readonly CaseStatus[] = ['claimed', 'handling'];
const urgeable: readonly CaseStatus[] = ['inLedger', 'published', 'claimed', 'handling', 'resultReported'];

/** Everything the handler does while the case is being worked on: the case is with them and its clock runs. */
function workingHandler(facts: CaseFacts, actor: Actor, whatFor: string): Rejection | null {
  return firstRejection(
    () => requireStatus(facts, workingStatuses, whatFor),
    () => checkHandlingParty(actor, facts),
    () => requireRunningClock(facts),
  );
}

function districtCase(facts: CaseFacts): Rejection | null {
  return facts.handler?.level === 'district' ? null : reject('wrong-state', 'only a district case moves between departments');
}

function pendingExtension(facts: CaseFacts): Rejection | null {
  return facts.pendingExtension ? null : reject('wrong-state', 'no extension request is pending');
}

function someOpenTask(facts: CaseFacts, mine: (unit: JointTask['unit']) => boolean, whose: string): Rejection | null {
  const open = openJointTasks(facts);
  if (open.length === 0) return reject('wrong-state', 'the case has no open joint task');
  return open.some((t) => mine(t.unit)) ? null : reject('forbidden', `no open joint task of the case is ${whose}`);
}

function pendingPause(facts: CaseFacts): Rejection | null {
  return facts.pendingPause ? null : reject('wrong-state', 'no pause waits for approval');
}

/**
 * What the case and the actor's place in it must be for each action, whatever the command carries:
 * its status, whether the actor handles, supervises, reported or is local to it, what is pending.
 * `decide` checks these before an action's own checks of its content (texts, days, departments)
 * and of time; `availableActions` offers the actions whose role and preconditions hold.
 */
export const actionPreconditions: Readonly<Record<CaseActionType, Precondition>> = {
  triageCase: (facts, actor) =>
    firstRejection(
      () => requireStatus(facts, ['inLedger'], 'can be triaged'),
      () => checkTriageScope(actor, facts),
    ),
  claimCase: (facts, actor, { directory }) =>
    firstRejection(
      () => requireStatus(facts, ['published'], 'can be claimed'),
      () => checkClaimScope(actor, facts, directory),
    ),
  assignDepartment: (facts, actor) =>
    firstRejection(
      () => requireStatus(facts, ['published'], 'can be assigned to a department'),
      () => checkSupervisingLeader(actor, facts, 'assign the case to a department'),
    ),
  returnCase: (facts, actor) => workingHandler(facts, actor, 'can be returned'),
  transferCase: (facts, actor) =>
    firstRejection(
      () => workingHandler(facts, actor, 'can be transferred'),
      () => districtCase(facts),
    ),
  reassignCase: (facts, actor) =>
    firstRejection(
      () => requireStatus(facts, workingStatuses, 'can be reassigned'),
      () => districtCase(facts),
      () => checkSupervisingLeader(actor, facts, 'reassign the case'),
      () => requireRunningClock(facts),
    ),
  submitHandlingPlan: (facts, actor) =>
    firstRejection(
      () => requireStatus(facts, ['claimed'], 'await a handling plan'),
      () => checkHandlingParty(actor, facts),
    ),
  requestExtension: (facts, actor, { policy }) =>
    firstRejection(
      () => workingHandler(facts, actor, 'can have their deadline extended'),
      () =>
        facts.pendingExtension
          ? reject('wrong-state', `an extension request from ${facts.pendingExtension.requestedAt} is still undecided`)
          : null,
      () =>
        facts.extensionsGranted >= policy.extension.maxGranted
          ? reject('wrong-state', `the case already had the maximum of ${policy.extension.maxGranted} extensions`)
          : null,
      () => (facts.overdue ? reject('late', 'the handling deadline has passed; an extension must be requested before it') : null),
    ),
  approveExtension: (facts, actor) => pendingExtension(facts) ?? checkSupervisor(actor, facts),
  rejectExtension: (facts, actor) => pendingExtension(facts) ?? checkSupervisor(actor, facts),
  pauseClock: (facts, actor) =>
    firstRejection(
      () => workingHandler(facts, actor, 'can have their clock paused'),
      () => (facts.overdue ? reject('late', 'the handling deadline has passed; an overdue case cannot be paused') : null),
      () =>
        facts.pendingPause ? reject('wrong-state', `a pause asked for at ${facts.pendingPause.requestedAt} still waits for approval`) : null,
    ),
  approvePause: (facts, actor) => pendingPause(facts) ?? checkSupervisor(actor, facts),
  rejectPause: (facts, actor) => pendingPause(facts) ?? checkSupervisor(actor, facts),
  resumeClock: (facts, actor) =>
    firstRejection(
      () => checkHandlingParty(actor, facts),
      () => (facts.pause ? null : reject('wrong-state', 'the case clock is not paused')),
    ),
  reportResult: (facts, actor) =>
    firstRejection(
      () =>
        facts.status === 'claimed'
          ? reject('wrong-state', "case is in state 'claimed'; submit the handling plan before reporting a result")
          : null,
      () => requireStatus(facts, ['handling'], 'can report a result'),
      () => checkHandlingParty(actor, facts),
      () => requireRunningClock(facts),
      () => {
        const open = openJointTasks(facts);
        return open.length
          ? reject('wrong-state', `joint tasks ${open.map((t) => `'${t.taskId}'`).join(', ')} are still open; each must be done, or explained by the lead unit, before the result`)
          : null;
      },
    ),
  giveFeedback: (facts, actor) =>
    firstRejection(
      () => requireStatus(facts, ['resultReported'], 'await feedback to residents'),
      () => checkFeedbackScope(actor, facts),
    ),
  rateCase: (facts, actor) =>
    firstRejection(
      () =>
        facts.closure === 'notRated'
          ? reject('late', `the rating window closed; the case was closed as not rated at ${facts.closedAt ?? '?'}`)
          : null,
      () => requireStatus(facts, ['awaitingRating'], 'can be rated'),
      () => checkRater(actor, facts),
    ),
  recordRating: (facts, actor) =>
    firstRejection(
      () => requireStatus(facts, ['awaitingRating'], 'can be rated'),
      () => checkFeedbackScope(actor, facts),
      () => (facts.collectedRating ? reject('wrong-state', `a rating was already collected at ${facts.collectedRating.at}`) : null),
    ),
  urgeCase: (facts, actor) =>
    firstRejection(
      () => requireStatus(facts, urgeable, 'can be urged'),
      () => checkSupervisingLeader(actor, facts, 'urge the case'),
    ),
  instructCase: (facts, actor) =>
    firstRejection(
      () => requireStatus(facts, workingStatuses, 'can be instructed'),
      () => checkSupervisingLeader(actor, facts, 'instruct the handler'),
    ),
  acknowledgeInstruction: (facts, actor) =>
    firstRejection(
      () => (facts.instructions.length ? null : reject('wrong-state', 'no instruction waits for acknowledgement')),
      () => checkHandlingParty(actor, facts),
    ),
  acknowledgeEscalation: (facts, actor) => {
    const escalation = facts.escalation;
    if (!escalation) return reject('wrong-state', 'the case has no escalation to acknowledge');
    if (escalation.acknowledged) return reject('wrong-state', `the escalation was acknowledged at ${escalation.acknowledged.at}`);
    if (escalation.targetIds.includes(actor.id) || isSupervisingLeader(actor, facts)) return null;
    return reject('forbidden', `only those the escalation went to (${escalation.targetIds.join(', ')}) or a supervising leader acknowledge it`);
  },
  assignJointTask: (facts, actor) => workingHandler(facts, actor, 'can have joint tasks'),
  completeJointTask: (facts, actor) =>
    firstRejection(
      () => requireStatus(facts, workingStatuses, 'have joint tasks'),
      () => someOpenTask(facts, (unit) => actsForUnit(actor, unit), "your unit's"),
    ),
  explainJointTask: (facts, actor) =>
    firstRejection(
      () => requireStatus(facts, workingStatuses, 'have joint tasks'),
      () => checkHandlingParty(actor, facts),
      () => someOpenTask(facts, () => true, 'open'),
    ),
  flagConcentrated: (facts) => (facts.concentrated ? reject('wrong-state', 'the case is already flagged as a concentrated issue') : null),
};

/** Only a rating still comes in on a closed case (and is refused as late when the window closed). */
export function checkOpen(type: CaseCommandType, facts: Pick<CaseFacts, 'status' | 'closure' | 'closedAt'>): Rejection | null {
  if (facts.status !== 'closed' || type === 'rateCase') return null;
  return reject('wrong-state', `case is closed (${facts.closure ?? 'closed'} at ${facts.closedAt ?? '?'}); '${type}' needs an open case`);
}

/**
 * Whether the actor may send this action on the case as it stands, leaving aside what the command
 * carries and the time it arrives: the role, an open case, and the action's preconditions — in
 * that order, the first refusal.
 */
export function checkAction(type: CaseActionType, facts: CaseFacts, actor: Actor, context: PreconditionContext): Rejection | null {
  return checkRoleFor(type, actor) ?? checkOpen(type, facts) ?? actionPreconditions[type](facts, actor, context);
}

/** What `availableActions` needs beside the view: the organisation, the case's policy and its reporters. */
export interface ActionContext extends PreconditionContext {
  /** The residents who reported the case (a case view does not carry them): they rate it. */
  readonly reporterIds: readonly string[];
}

/**
 * The actions this person may take on the case in its present state, in the loop's order: those
 * `decide` would not refuse for the actor's role, the case's state or the actor's place in it. A
 * command offered may still be refused for its content, or because its time has passed.
 */
export function availableActions(view: CaseView, actor: Actor, context: ActionContext): readonly CaseActionType[] {
  const facts = caseFactsOfView(view, context.reporterIds);
  return caseActionTypes.filter((type) => checkAction(type, facts, actor, context) === null);
}
