import { actsForUnit } from './case-access';
import type { AssignJointTask, CompleteJointTask, ExplainJointTask } from './case-commands';
import { type Decision, type Rejection, accept, reject } from './case-decision';
import type { HandlingUnit, JointTask } from './case-state';
import { deadlinesOfWait, findDeadline, scheduleDeadlines } from './deadline';
import { type DecideEnv, firstRejection, requireText } from './decide-support';
import { findDepartment } from '../organisation/duty-list';
import { toEpochMs, toIso } from '../instant';

/** The longest a task may run from `at`, in whole working days: never past the case's own handling deadline. */
export function jointTaskMaxWorkingDays(env: DecideEnv): number {
  const { state, at, policy, calendar } = env;
  const handling = findDeadline(state, 'handling');
  const policyMax = policy.handlingWorkingDays[state.complexity];
  if (!handling) return policyMax;
  let days = 0;
  while (days < policyMax && toEpochMs(calendar.addWorkingDays(at, days + 1)) <= toEpochMs(handling.dueAt)) days++;
  return days;
}

/**
 * A unit a task may go to: a district department of the directory, or the case's own town or
 * village (the place of the problem; their staff see the case by its place), never the lead unit.
 */
function checkTaskUnit(env: DecideEnv, unit: HandlingUnit): Rejection | null {
  const { state, directory } = env;
  const unknown = () => reject('invalid', `'${unit.unitId}' is not a known department`, 'unit.unitId', { rule: 'unknown', params: { value: unit.unitId } });
  if (state.handler && state.handler.level === unit.level && state.handler.unitId === unit.unitId) {
    return reject('invalid', 'the lead unit handles the case itself; a joint task goes to another unit', 'unit.unitId', { rule: 'lead-unit' });
  }
  const outsidePlace = (level: string, own: string) =>
    reject('invalid', `a ${level}'s task goes only to the case's own ${level} '${own}'`, 'unit.unitId', { rule: 'outside-place', params: { value: unit.unitId } });
  switch (unit.level) {
    case 'district':
      return findDepartment(directory, unit.unitId) ? null : unknown();
    case 'town':
      return unit.unitId === state.location.townId ? null : outsidePlace('town', state.location.townId);
    case 'village':
      return unit.unitId === state.location.villageId ? null : outsidePlace('village', state.location.villageId);
  }
}

/** 联合办理: the lead unit gives a part of the case to another unit, watched like the case's handling. */
export function decideAssignJointTask(env: DecideEnv, command: AssignJointTask): Decision {
  const { state, at, policy, calendar } = env;
  const maximum = jointTaskMaxWorkingDays(env);
  const rejection = firstRejection(
    () => requireText(command.task, 'task'),
    () => requireText(command.personName, 'personName'),
    () => checkTaskUnit(env, command.unit),
    () =>
      maximum >= 1
        ? null
        : reject('late', "less than a working day is left before the case's handling deadline; no joint task fits before it"),
    () =>
      Number.isInteger(command.workingDays) && command.workingDays >= 1 && command.workingDays <= maximum
        ? null
        : reject('invalid', `a joint task runs 1 to ${maximum} whole working days (not past the case's handling deadline)`, 'workingDays', {
            rule: 'out-of-range',
            params: { minimum: 1, maximum },
          }),
  );
  if (rejection) return rejection;
  // Numbered like the deadlines, so the id is unique within the case and the same on replay.
  const taskId = `task-${state.deadlineSeq + 1}`;
  const dueAt = toIso(calendar.addWorkingDays(at, command.workingDays));
  return accept([
    {
      type: 'jointTaskAssigned',
      at,
      actor: command.actor,
      taskId,
      unit: { level: command.unit.level, unitId: command.unit.unitId },
      task: command.task,
      personName: command.personName,
      ...(command.personId === undefined ? {} : { personId: command.personId }),
      workingDays: command.workingDays,
      dueAt,
      notify: [command.unit.unitId],
      schedule: { add: scheduleDeadlines(state, policy, calendar, [{ kind: 'jointTask', setAt: at, dueAt, ref: taskId }]) },
    },
  ]);
}

function openTask(env: DecideEnv, taskId: string): JointTask | Rejection {
  const task = env.state.jointTasks.find((t) => t.taskId === taskId);
  if (task?.status === 'open') return task;
  return reject('wrong-state', `no joint task '${taskId}' is open`, 'taskId', { rule: 'unknown', params: { value: taskId } });
}

function isRejection(value: JointTask | Rejection): value is Rejection {
  return 'ok' in value;
}

export function decideCompleteJointTask(env: DecideEnv, command: CompleteJointTask): Decision {
  const { state, at } = env;
  const task = openTask(env, command.taskId);
  if (isRejection(task)) return task;
  const rejection = firstRejection(
    () =>
      actsForUnit(command.actor, task.unit)
        ? null
        : reject('forbidden', `only the ${task.unit.level === 'district' ? 'department' : task.unit.level} '${task.unit.unitId}' reports this task done`),
    () => requireText(command.result, 'result'),
  );
  if (rejection) return rejection;
  const watching = deadlinesOfWait(state, ['jointTask'], task.taskId);
  const stillDue = state.deadlines.some((d) => d.kind === 'jointTask' && d.ref === task.taskId);
  return accept([
    {
      type: 'jointTaskCompleted',
      at,
      actor: command.actor,
      taskId: task.taskId,
      unit: task.unit,
      task: task.task,
      result: command.result,
      late: !stillDue,
      notify: state.handler ? [state.handler.unitId] : [],
      ...(watching.length ? { schedule: { remove: watching } } : {}),
    },
  ]);
}

export function decideExplainJointTask(env: DecideEnv, command: ExplainJointTask): Decision {
  const { state, at } = env;
  const task = openTask(env, command.taskId);
  if (isRejection(task)) return task;
  const rejection = requireText(command.explanation, 'explanation');
  if (rejection) return rejection;
  const watching = deadlinesOfWait(state, ['jointTask'], task.taskId);
  return accept([
    {
      type: 'jointTaskExplained',
      at,
      actor: command.actor,
      taskId: task.taskId,
      unit: task.unit,
      task: task.task,
      explanation: command.explanation,
      notify: [task.unit.unitId],
      ...(watching.length ? { schedule: { remove: watching } } : {}),
    },
  ]);
}
