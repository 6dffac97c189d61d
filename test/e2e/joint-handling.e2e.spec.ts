import type { CaseEvent, CaseView } from '@bishan/domain';
import { startTestStack, waitFor, type ServiceProcess, type TestStack } from '@bishan/testing';
import { actors, getJson, postJson, tangledLinesCase, tokenFor } from './bishan-actors';
import { devAuthSecret } from './dev-auth';

type TimelineEntry = { seq: number; eventId: string; type: string; at: string; event: CaseEvent };
type Message = { recipient: string; subject: string; body: string; eventId: string };

/**
 * Joint handling (联合办理) over HTTP on the real engines, with the demo policy of 2026.2 (a working
 * day lasts 2 s): the power company leads, gives urban management and 登凤村 a task each; urban
 * management's runs past its deadline and climbs the handling chain; the result waits until both
 * tasks are reported, and each unit hears of its task.
 */
describe('joint handling across levels', () => {
  let stack: TestStack;
  let api: ServiceProcess;
  let notification: ServiceProcess;

  beforeAll(async () => {
    stack = await startTestStack({
      label: 'joint-handling',
      services: ['case-api', 'case-worker', 'notification'],
      env: { CASE_POLICY_VERSION: 'demo-compressed-2026.2', DEV_AUTH_SECRET: devAuthSecret('joint-handling') },
    });
    api = stack.service('case-api');
    notification = stack.service('notification');
  });

  afterAll(() => stack?.stop());

  const as = (person: { id: string; role: string }) => tokenFor(api.url, person);
  const act = async (id: string, action: string, body: object, person: { id: string; role: string }) =>
    postJson(`${api.url}/cases/${id}/actions/${action}`, body, await as(person));
  const timeline = async (id: string) => getJson<TimelineEntry[]>(`${api.url}/cases/${id}/timeline`, await as(actors.admin));
  const caseNotices = async (id: string) => getJson<Message[]>(`${notification.url}/notifications?caseId=${id}`, await as(actors.admin));

  it('gives tasks to a department and a village, escalates the late one, and reports once both are in', async () => {
    const raised = await postJson(`${api.url}/cases`, tangledLinesCase(), await as(actors.dengfengSecretary));
    expect(raised.status).toBe(201);
    const id: string = raised.body.id;
    expect((await act(id, 'triageCase', { route: 'district' }, actors.laifengTriage)).status).toBe(200);
    expect((await act(id, 'claimCase', {}, actors.powerHandler)).status).toBe(200);
    const plan = { plan: '统一规整线路', responsibility: { unit: '运维班', personName: '王强' } };
    const planned = await act(id, 'submitHandlingPlan', plan, actors.powerHandler);
    expect(planned.status).toBe(200);
    expect((planned.body.view as CaseView).policyVersion).toBe('demo-compressed-2026.2');

    // Bad input names what is wrong and changes nothing.
    const toItself = await act(id, 'assignJointTask', { unit: { level: 'district', unitId: 'power-supply' }, task: '自查', personName: '王强', workingDays: 1 }, actors.powerHandler);
    expect(toItself.status).toBe(422);
    expect(toItself.body.errors).toEqual([expect.objectContaining({ field: 'body.unit.unitId', code: 'lead-unit' })]);
    const otherVillage = await act(id, 'assignJointTask', { unit: { level: 'village', unitId: 'sanxing' }, task: '配合', personName: '李华', workingDays: 1 }, actors.powerHandler);
    expect(otherVillage.status).toBe(422);
    expect(otherVillage.body.errors).toEqual([expect.objectContaining({ field: 'body.unit.unitId', code: 'outside-place' })]);
    const tooLong = await act(id, 'assignJointTask', { unit: { level: 'district', unitId: 'urban-management' }, task: '清理', personName: '张伟', workingDays: 30 }, actors.powerHandler);
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.errors).toEqual([expect.objectContaining({ field: 'body.workingDays', code: 'out-of-range' })]);
    // Only the lead unit gives tasks; urban management does not see the case before it has one.
    const notLead = await act(id, 'assignJointTask', { unit: { level: 'district', unitId: 'urban-management' }, task: '配合', personName: '李华', workingDays: 1 }, actors.dengfengSecretary);
    expect(notLead.status).toBe(403);
    expect((await fetch(`${api.url}/cases/${id}`, { headers: { authorization: `Bearer ${await as(actors.umHandler)}` } })).status).toBe(404);
    expect((await getJson<CaseView & { view: CaseView }>(`${api.url}/cases/${id}`, await as(actors.admin))).view.jointTasks).toEqual([]);

    const toDepartment = await act(
      id,
      'assignJointTask',
      { unit: { level: 'district', unitId: 'urban-management' }, task: '清理线杆上的小广告', personName: '张伟', workingDays: 1 },
      actors.powerHandler,
    );
    expect(toDepartment.status).toBe(200);
    const toVillage = await act(
      id,
      'assignJointTask',
      { unit: { level: 'village', unitId: 'dengfeng' }, task: '通知住户配合入户', personName: '李华', workingDays: 3 },
      actors.powerHandler,
    );
    expect(toVillage.status).toBe(200);
    const tasks = (toVillage.body.view as CaseView).jointTasks;
    expect(tasks.map((t) => [t.unit.unitId, t.status, t.personName])).toEqual([
      ['urban-management', 'open', '张伟'],
      ['dengfeng', 'open', '李华'],
    ]);
    const [departmentTask, villageTask] = tasks;
    // Only the unit given a task is offered to report it; the lead unit cannot report the case's result yet.
    const asVillage = await getJson<{ availableActions: string[] }>(`${api.url}/cases/${id}?minSeq=${toVillage.body.eventSeq}`, await as(actors.dengfengSecretary));
    expect(asVillage.availableActions).toContain('completeJointTask');
    const early = await act(id, 'reportResult', { summary: '线路已规整' }, actors.powerHandler);
    expect(early.status).toBe(409);

    // Urban management's task runs past its one working day and climbs the handling chain.
    const escalated = await waitFor(
      async () => (await timeline(id)).find((e) => e.type === 'caseEscalated' && (e.event as { trigger?: string }).trigger === 'jointTaskOverdue'),
      { description: 'the overdue joint task escalated', timeoutMs: 60_000 },
    );
    const missed = (await timeline(id)).find((e) => e.type === 'deadlineMissed');
    expect(missed?.event).toMatchObject({ kind: 'jointTask', notify: ['urban-management', 'power-supply'] });
    expect(escalated.event).toMatchObject({ step: 1, target: 'responsibleLeader' });

    const late = await act(id, 'completeJointTask', { taskId: departmentTask?.taskId, result: '小广告已清理' }, actors.umHandler);
    expect(late.status).toBe(200);
    expect((late.body.view as CaseView).jointTasks[0]).toMatchObject({ status: 'done', outcome: { late: true, text: '小广告已清理' } });
    const byOther = await act(id, 'completeJointTask', { taskId: villageTask?.taskId, result: '已通知' }, actors.umHandler);
    expect(byOther.status).toBe(403);
    const done = await act(id, 'completeJointTask', { taskId: villageTask?.taskId, result: '已逐户通知' }, actors.dengfengSecretary);
    expect(done.status).toBe(200);

    const reported = await act(id, 'reportResult', { summary: '线路已规整' }, actors.powerHandler);
    expect(reported.status).toBe(200);
    expect(reported.body.view).toMatchObject({ status: 'resultReported' });

    // Each unit hears of its task, by name, and the lead unit of each one done.
    const notices = await waitFor(
      async () => {
        const all = await caseNotices(id);
        return all.filter((m) => m.subject.startsWith('联合办理任务')).length >= 5 ? all : undefined;
      },
      { description: 'the joint task messages', timeoutMs: 30_000 },
    );
    const given = notices.filter((m) => m.subject.startsWith('联合办理任务:'));
    expect(given.map((m) => m.recipient)).toEqual(expect.arrayContaining([actors.umHandler.id, actors.dengfengSecretary.id]));
    expect(given.find((m) => m.recipient === actors.dengfengSecretary.id)?.body).toContain('通知住户配合入户');
    const settled = notices.filter((m) => m.subject.startsWith('联合办理任务已完成'));
    expect(settled.map((m) => m.recipient)).toContain(actors.powerHandler.id);
    expect(settled.some((m) => m.body.includes('已完成(超期)'))).toBe(true);
  });

  it('lets the lead unit explain a task that will not be done, and withdraws open ones when the case is reassigned', async () => {
    const raised = await postJson(`${api.url}/cases`, tangledLinesCase(), await as(actors.dengfengSecretary));
    const id: string = raised.body.id;
    expect((await act(id, 'triageCase', { route: 'district' }, actors.laifengTriage)).status).toBe(200);
    expect((await act(id, 'claimCase', {}, actors.powerHandler)).status).toBe(200);
    const given = await act(
      id,
      'assignJointTask',
      { unit: { level: 'town', unitId: 'laifeng' }, task: '协调物业开放管井', personName: '周敏', workingDays: 3 },
      actors.powerHandler,
    );
    expect(given.status).toBe(200);
    const [task] = (given.body.view as CaseView).jointTasks;
    const explained = await act(id, 'explainJointTask', { taskId: task?.taskId, explanation: '物业已自行开放' }, actors.powerHandler);
    expect((explained.body.view as CaseView).jointTasks[0]).toMatchObject({ status: 'explained', outcome: { text: '物业已自行开放' } });

    const again = await act(id, 'assignJointTask', { unit: { level: 'town', unitId: 'laifeng' }, task: '再次协调', personName: '周敏', workingDays: 3 }, actors.powerHandler);
    expect(again.status).toBe(200);
    const reassigned = await act(id, 'reassignCase', { toDepartmentId: 'china-telecom', reason: '以通信线路为主' }, { id: 'top-secretary', role: 'top-district-leader' });
    expect(reassigned.status).toBe(200);
    const view = reassigned.body.view as CaseView;
    expect(view.jointTasks.map((t) => t.status)).toEqual(['explained', 'withdrawn']);
    expect(view.deadlines.filter((d) => d.ref === view.jointTasks[1]?.taskId)).toEqual([]);
  });
});
