import { toIso } from '../instant';
import { coversCategory, findDepartment } from '../organisation/duty-list';
import type { AssignDepartment, ClaimCase, ReassignCase, SubmitHandlingPlan, TransferCase } from './case-commands';
import { type Decision, type Rejection, accept, reject } from './case-decision';
import type { CaseEvent } from './case-events';
import type { Handler, RaisedCase } from './case-state';
import { type NewDeadline, deadlinesOfWait, findDeadline, scheduleDeadlines } from './deadline';
import {
  type DecideEnv,
  chain,
  firstRejection,
  requireText,
  withdrawOpenRequests,
} from './decide-support';
import { ordinarySupervision } from './escalation-chain';

/** The handling deadline a new round of handling gets, by the case's complexity. */
export function handlingDueAt(env: DecideEnv): string {
  return toIso(env.calendar.addWorkingDays(env.at, env.policy.handlingWorkingDays[env.state.complexity]));
}

function planDeadline(env: DecideEnv): NewDeadline {
  return { kind: 'handlingPlan', setAt: env.at, dueAt: toIso(env.calendar.addWorkingDays(env.at, env.policy.handlingPlanWorkingDays)) };
}

function checkCoHandlers(env: DecideEnv, lead: string, ids: readonly string[]): Rejection | null {
  const bad = ids.find((id) => id === lead || !findDepartment(env.directory, id));
  return bad === undefined
    ? null
    : reject('invalid', `'${bad}' cannot co-handle: it is the lead department or not a known department`, 'coHandlingDepartmentIds', { rule: 'unknown', params: { value: bad } });
}

export function decideClaim(env: DecideEnv, command: ClaimCase): Decision {
  const { state, at, policy, calendar, directory } = env;
  const coHandlingDepartmentIds = [...(command.coHandlingDepartmentIds ?? [])];
  const rejection = checkCoHandlers(env, command.actor.departmentId ?? '', coHandlingDepartmentIds);
  if (rejection) return rejection;
  const leadDepartmentId = command.actor.departmentId ?? '';
  const handler: Handler = { level: 'district', unitId: leadDepartmentId, coHandlingDepartmentIds, since: at };
  const handlingDue = handlingDueAt(env);
  const add = scheduleDeadlines(state, policy, calendar, [planDeadline(env), { kind: 'handling', setAt: at, dueAt: handlingDue }]);
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
      schedule: { remove: deadlinesOfWait(state, ['claimWindow']), add },
    },
  ]);
}

/** 交办: what a claim does, on a leader's word instead of the department's. */
export function decideAssignDepartment(env: DecideEnv, command: AssignDepartment): Decision {
  const { state, at, policy, calendar, directory } = env;
  const department = findDepartment(directory, command.departmentId);
  const rejection = firstRejection(
    () => (department ? null : reject('invalid', `'${command.departmentId}' is not a known department`, 'departmentId', { rule: 'unknown', params: { value: command.departmentId } })),
    () => requireText(command.reason, 'reason'),
  );
  if (rejection) return rejection;
  const handler: Handler = { level: 'district', unitId: command.departmentId, coHandlingDepartmentIds: [], since: at };
  const handlingDue = handlingDueAt(env);
  const add = scheduleDeadlines(state, policy, calendar, [planDeadline(env), { kind: 'handling', setAt: at, dueAt: handlingDue }]);
  return accept([
    {
      type: 'departmentAssigned',
      at,
      actor: command.actor,
      departmentId: command.departmentId,
      reason: command.reason,
      late: state.escalation?.trigger === 'unclaimed',
      handlingDueAt: handlingDue,
      supervision: ordinarySupervision({ ...state, handler }, directory, at),
      schedule: { remove: deadlinesOfWait(state, ['claimWindow']), add },
    },
  ]);
}

/**
 * Moves a district case to another lead department. The handling deadline keeps running — a move
 * must not buy time —; only the plan restarts. Requests made to the old department are withdrawn.
 */
function moveToDepartment(
  env: DecideEnv,
  because: 'caseTransferred' | 'caseReassigned',
  moved: (state: RaisedCase, fromDepartmentId: string, schedule: NonNullable<CaseEvent['schedule']>) => CaseEvent,
): CaseEvent[] {
  return chain(env.state, withdrawOpenRequests(env, because), (state) => {
    const handler = state.handler as Handler;
    const plan = findDeadline(state, 'handlingPlan');
    return moved(state, handler.unitId, {
      remove: plan ? deadlinesOfWait(state, ['handlingPlan']) : [],
      add: scheduleDeadlines(state, env.policy, env.calendar, [planDeadline(env)]),
    });
  });
}

function checkTargetDepartment(env: DecideEnv, toDepartmentId: string, needsDuty: boolean): Rejection | null {
  const target = findDepartment(env.directory, toDepartmentId);
  return firstRejection(
    () => (target ? null : reject('invalid', `'${toDepartmentId}' is not a known department`, 'toDepartmentId', { rule: 'unknown', params: { value: toDepartmentId } })),
    () =>
      toDepartmentId === env.state.handler?.unitId
        ? reject('invalid', 'the case is already with that department', 'toDepartmentId', { rule: 'unchanged' })
        : null,
    () =>
      !needsDuty || (target && coversCategory(target, env.state.category))
        ? null
        : reject('invalid', `department '${toDepartmentId}' does not cover category '${env.state.category}'`, 'toDepartmentId', { rule: 'not-covering', params: { value: toDepartmentId, category: env.state.category } }),
  );
}

export function decideTransfer(env: DecideEnv, command: TransferCase): Decision {
  const { at, directory } = env;
  const rejection = firstRejection(
    () => requireText(command.reason, 'reason'),
    () => checkTargetDepartment(env, command.toDepartmentId, true),
  );
  if (rejection) return rejection;
  return accept(
    moveToDepartment(env, 'caseTransferred', (state, fromDepartmentId, schedule) => ({
      type: 'caseTransferred',
      at,
      actor: command.actor,
      fromDepartmentId,
      toDepartmentId: command.toDepartmentId,
      reason: command.reason,
      supervision: ordinarySupervision(
        { ...state, handler: { ...(state.handler as Handler), unitId: command.toDepartmentId } },
        directory,
        at,
      ),
      schedule,
    })),
  );
}

/** 改派: a supervising leader's move; the leader may choose a department outside the category's duty lists. */
export function decideReassign(env: DecideEnv, command: ReassignCase): Decision {
  const { at, directory } = env;
  const rejection = firstRejection(
    () => requireText(command.reason, 'reason'),
    () => checkTargetDepartment(env, command.toDepartmentId, false),
  );
  if (rejection) return rejection;
  return accept(
    moveToDepartment(env, 'caseReassigned', (state, fromDepartmentId, schedule) => ({
      type: 'caseReassigned',
      at,
      actor: command.actor,
      fromDepartmentId,
      toDepartmentId: command.toDepartmentId,
      reason: command.reason,
      supervision: ordinarySupervision(
        { ...state, handler: { ...(state.handler as Handler), unitId: command.toDepartmentId } },
        directory,
        at,
      ),
      schedule,
    })),
  );
}

export function decideHandlingPlan(env: DecideEnv, command: SubmitHandlingPlan): Decision {
  const { state, at } = env;
  const rejection = firstRejection(
    () => requireText(command.plan, 'plan'),
    () => requireText(command.responsibility.unit, 'responsible unit', 'responsibility.unit'),
    () => requireText(command.responsibility.personName, 'responsible person', 'responsibility.personName'),
  );
  if (rejection) return rejection;
  const plan = findDeadline(state, 'handlingPlan');
  const handling = findDeadline(state, 'handling');
  return accept([
    {
      type: 'handlingPlanSubmitted',
      at,
      actor: command.actor,
      plan: command.plan,
      responsibility: { departmentId: (state.handler as Handler).unitId, ...command.responsibility },
      late: !plan,
      // What the plan is to be done by, for the residents' notice; absent once it has passed.
      ...(handling ? { handlingDueAt: handling.dueAt } : {}),
      schedule: { remove: deadlinesOfWait(state, ['handlingPlan']) },
    },
  ]);
}
