import { addWorkingDays, deadlineFractionPoint } from '../calendar/working-clock';
import { toIso } from '../instant';
import { T0, actors, ctx, raiseCommand, raised, run, runTimersUntil } from '../test-support/org-fixture';
import type { AssignJointTask } from './case-commands';
import { decide } from './case-decide';
import type { CaseEvent } from './case-events';
import { type CaseState, initialState } from './case-state';
import { describeCase } from './case-view';

// Joint handling (联合办理) under policy 2026.2: a task's deadline is reminded and escalated like the
// case's handling deadline. T0 is Mon 3 Mar 2025 10:00 Shanghai, no holidays near.

const after = (from: string, workingDays: number) => toIso(addWorkingDays(from, workingDays));

/** A simple case claimed by urban management (5 working days to handle), its plan in. */
function handling(): CaseState {
  return run(
    run(initialState, T0, raiseCommand({ policyVersion: '2026.2' })).state,
    T0,
    { type: 'triageCase', actor: actors.laifengTriage, route: 'district' },
    { type: 'claimCase', actor: actors.umHandler },
    { type: 'submitHandlingPlan', actor: actors.umHandler, plan: '清理堆积物', responsibility: { unit: '环卫二队', personName: '张伟' } },
  ).state;
}

const toHousing: AssignJointTask = {
  type: 'assignJointTask',
  actor: actors.umHandler,
  unit: { level: 'district', unitId: 'housing' },
  task: '鉴定挡土墙安全',
  personName: '刘芳',
  workingDays: 3,
};

function withTask(): { state: CaseState; taskId: string } {
  const given = run(handling(), T0, toHousing);
  const event = given.events[0];
  return { state: given.state, taskId: event?.type === 'jointTaskAssigned' ? event.taskId : '' };
}

const refusal = (state: CaseState, command: Parameters<typeof decide>[1], at = T0) => {
  const decision = decide(state, command, ctx(at));
  return decision.ok ? null : decision;
};

/** The timers' events about joint tasks (the case's own handling deadline has its timers too). */
const taskTimeline = (events: readonly CaseEvent[]) =>
  events.flatMap((e) => {
    if (e.type === 'reminderSent' && e.forKind === 'jointTask') return [[e.type, e.at, e.forKind, e.notify.join(',')]];
    if (e.type === 'deadlineMissed' && e.kind === 'jointTask') return [[e.type, e.at, e.kind, e.notify.join(',')]];
    if (e.type === 'caseEscalated' && e.trigger === 'jointTaskOverdue') return [[e.type, e.at, `${e.trigger}#${e.step}`, e.targetIds.join(',')]];
    return [];
  });

describe('joint handling (联合办理)', () => {
  it('gives another unit a task with its own deadline, responsible person and reminders, and tells that unit', () => {
    const given = run(handling(), T0, toHousing);
    const dueAt = after(T0, 3);
    expect(given.events).toEqual([
      expect.objectContaining({
        type: 'jointTaskAssigned',
        unit: { level: 'district', unitId: 'housing' },
        task: '鉴定挡土墙安全',
        personName: '刘芳',
        workingDays: 3,
        dueAt,
        notify: ['housing'],
      }),
    ]);
    const view = describeCase(given.state);
    if (view.status === 'notRaised') throw new Error('not raised');
    expect(view.jointTasks).toEqual([expect.objectContaining({ status: 'open', dueAt, assignedByActorId: 'um-zhang' })]);
    const taskId = view.jointTasks[0]?.taskId;
    expect(view.deadlines.filter((d) => d.ref === taskId).map((d) => [d.kind, d.dueAt])).toEqual([
      ['reminder', toIso(deadlineFractionPoint(T0, dueAt, 0.5))],
      ['reminder', toIso(deadlineFractionPoint(T0, dueAt, 0.8))],
      ['jointTask', dueAt],
    ]);
  });

  it('keeps the result back until every task is done or explained', () => {
    const { state, taskId } = withTask();
    expect(refusal(state, { type: 'reportResult', actor: actors.umHandler, summary: '已清理' })).toMatchObject({
      code: 'wrong-state',
      reason: expect.stringContaining(`joint tasks '${taskId}' are still open`),
    });
    const done = run(state, after(T0, 1), { type: 'completeJointTask', actor: actors.housingHandler, taskId, result: '挡土墙安全' });
    expect(done.events[0]).toMatchObject({ type: 'jointTaskCompleted', late: false, notify: ['urban-management'], task: '鉴定挡土墙安全' });
    expect(raised(done.state).jointTasks[0]).toMatchObject({ status: 'done', outcome: { text: '挡土墙安全', byActorId: 'housing-liu', late: false } });
    expect(done.state.deadlines.some((d) => d.ref === taskId)).toBe(false);
    expect(run(done.state, after(T0, 1), { type: 'reportResult', actor: actors.umHandler, summary: '已清理' }).events.at(-1)).toMatchObject({
      type: 'resultReported',
    });
  });

  it('lets the lead unit explain a task that will not be done, and then report', () => {
    const { state, taskId } = withTask();
    const explained = run(state, T0, { type: 'explainJointTask', actor: actors.umHandler, taskId, explanation: '本年度无维修资金' });
    expect(explained.events[0]).toMatchObject({ type: 'jointTaskExplained', notify: ['housing'] });
    expect(raised(explained.state).jointTasks[0]).toMatchObject({ status: 'explained', outcome: { text: '本年度无维修资金' } });
    expect(run(explained.state, T0, { type: 'reportResult', actor: actors.umHandler, summary: '已清理' }).events.at(-1)).toMatchObject({
      type: 'resultReported',
    });
  });

  it('escalates a missed task up the handling chain, and a late report ends its chain', () => {
    const { state, taskId } = withTask();
    const dueAt = after(T0, 3);
    const missed = runTimersUntil(state, after(dueAt, 2));
    expect(taskTimeline(missed.events)).toEqual([
      ['reminderSent', toIso(deadlineFractionPoint(T0, dueAt, 0.5)), 'jointTask', 'housing,urban-management'],
      ['reminderSent', toIso(deadlineFractionPoint(T0, dueAt, 0.8)), 'jointTask', 'housing,urban-management'],
      ['deadlineMissed', dueAt, 'jointTask', 'housing,urban-management'],
      ['caseEscalated', dueAt, 'jointTaskOverdue#1', 'um-leader'],
      ['caseEscalated', after(dueAt, 2), 'jointTaskOverdue#2', 'dl-wang'],
    ]);
    const late = run(missed.state, after(dueAt, 2), { type: 'completeJointTask', actor: actors.housingHandler, taskId, result: '已鉴定' });
    expect(late.events[0]).toMatchObject({ type: 'jointTaskCompleted', late: true });
    expect(late.state.deadlines.filter((d) => d.ref === taskId)).toEqual([]);
  });

  it('refuses a task for the lead unit, an unknown department, another town or village, or past the handling deadline', () => {
    const state = handling();
    expect(refusal(state, { ...toHousing, unit: { level: 'district', unitId: 'urban-management' } })).toMatchObject({
      code: 'invalid',
      field: 'unit.unitId',
      fieldProblem: { rule: 'lead-unit' },
    });
    expect(refusal(state, { ...toHousing, unit: { level: 'district', unitId: 'nowhere' } })).toMatchObject({
      field: 'unit.unitId',
      fieldProblem: { rule: 'unknown', params: { value: 'nowhere' } },
    });
    expect(refusal(state, { ...toHousing, unit: { level: 'town', unitId: 'zhengxing' } })).toMatchObject({
      field: 'unit.unitId',
      fieldProblem: { rule: 'outside-place', params: { value: 'zhengxing' } },
    });
    expect(refusal(state, { ...toHousing, unit: { level: 'village', unitId: 'shilong' } })).toMatchObject({
      field: 'unit.unitId',
      fieldProblem: { rule: 'outside-place' },
    });
    // 5 working days to handle from T0: a task may run at most that long, and less as time passes.
    expect(refusal(state, { ...toHousing, workingDays: 6 })).toMatchObject({
      field: 'workingDays',
      fieldProblem: { rule: 'out-of-range', params: { minimum: 1, maximum: 5 } },
    });
    expect(refusal(state, { ...toHousing, workingDays: 3 }, after(T0, 3))).toMatchObject({
      fieldProblem: { rule: 'out-of-range', params: { minimum: 1, maximum: 2 } },
    });
    expect(refusal(state, toHousing, after(T0, 5))).toMatchObject({ code: 'late' });
    expect(refusal(state, { ...toHousing, task: ' ' })).toMatchObject({ field: 'task', fieldProblem: { rule: 'required' } });
    expect(refusal(state, { ...toHousing, actor: actors.housingHandler })).toMatchObject({ code: 'forbidden' });
  });

  it('lets only the unit given the task report it, and the village of the case take one', () => {
    const { state, taskId } = withTask();
    expect(refusal(state, { type: 'completeJointTask', actor: actors.powerHandler, taskId, result: '好' })).toMatchObject({ code: 'forbidden' });
    expect(refusal(state, { type: 'completeJointTask', actor: actors.housingHandler, taskId: 'task-99', result: '好' })).toMatchObject({
      code: 'wrong-state',
      field: 'taskId',
    });
    const village = run(state, T0, { ...toHousing, unit: { level: 'village', unitId: 'dengfeng' }, task: '组织群众清运' });
    const villageTask = raised(village.state).jointTasks[1];
    expect(villageTask).toMatchObject({ unit: { level: 'village', unitId: 'dengfeng' } });
    expect(
      run(village.state, T0, { type: 'completeJointTask', actor: actors.dengfengSecretary, taskId: villageTask?.taskId ?? '', result: '已清运' }).events[0],
    ).toMatchObject({ type: 'jointTaskCompleted', notify: ['urban-management'] });
  });

  it('withdraws open tasks when the case leaves the lead unit, and moves their due dates with a pause', () => {
    const { state, taskId } = withTask();
    const moved = run(state, T0, { type: 'reassignCase', actor: actors.dlWang, toDepartmentId: 'power-supply', reason: '线路问题' });
    expect(moved.events[0]).toMatchObject({ type: 'requestsWithdrawn', jointTaskIds: [taskId] });
    expect(raised(moved.state).jointTasks[0]?.status).toBe('withdrawn');
    expect(moved.state.deadlines.some((d) => d.ref === taskId)).toBe(false);

    const paused = run(state, T0, { type: 'pauseClock', actor: actors.umHandler, reason: 'waitingForSeason', workingDays: 2 });
    const resumed = run(paused.state, after(T0, 2), { type: 'resumeClock', actor: actors.umHandler });
    const task = raised(resumed.state).jointTasks[0];
    expect(task?.dueAt).toBe(resumed.state.deadlines.find((d) => d.kind === 'jointTask')?.dueAt);
    const stoodStill = resumed.events[0]?.type === 'clockResumed' ? resumed.events[0].pausedWorkingMs : 0;
    expect(stoodStill).toBeGreaterThan(0);
    expect(Date.parse(task?.dueAt ?? '')).toBeGreaterThan(Date.parse(after(T0, 3)));
  });

  it('keeps open tasks when the handling deadline passes with a pause request pending', () => {
    const { state, taskId } = withTask();
    const asked = run(state, T0, { type: 'pauseClock', actor: actors.umHandler, reason: 'waitingForSeason', workingDays: 2 });
    const resumed = run(asked.state, T0, { type: 'resumeClock', actor: actors.umHandler });
    const pending = run(resumed.state, T0, { type: 'pauseClock', actor: actors.umHandler, reason: 'waitingForSeason', workingDays: 2 });
    expect(raised(pending.state).pendingPause).not.toBeNull();
    const breached = runTimersUntil(pending.state, after(T0, 6));
    expect(breached.events.some((e) => e.type === 'requestsWithdrawn')).toBe(true);
    expect(raised(breached.state).jointTasks.find((t) => t.taskId === taskId)?.status).toBe('open');
  });
});
