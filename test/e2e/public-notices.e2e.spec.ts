import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { shanghaiDateOf } from '@bishan/domain';
import { startTestStack, waitFor, type ServiceProcess, type TestStack } from '@bishan/testing';
import { actors, bearer, postJson, tangledLinesCase, tokenFor, type Person } from './bishan-actors';
import { devAuthSecret } from './dev-auth';

type Notice = { kind: string; title: string; text: string; reference: string; caseId: string; villageId: string };

/** A residents' group robot on loopback: records every post, answers as WeCom does. */
async function startGroupRobot() {
  const posts: { path: string; json: { msgtype: string; text?: { content: string }; markdown?: unknown } }[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      posts.push({ path: request.url ?? '', json: JSON.parse(body) });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0,"errmsg":"ok"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, posts, close: () => new Promise((resolve) => server.close(resolve)) };
}

/**
 * Publication to residents (结果公开) on the real stack: the notification service, consuming the case
 * events, writes a plain-text notice for the triage result, the handling plan and the result, shows
 * it to the village's residents and posts it to the village's group robot — with no staff id, no
 * staff name and no internal note in any of it.
 */
describe('public notices to residents', () => {
  let stack: TestStack;
  let api: string;
  let notification: ServiceProcess;
  let robot: Awaited<ReturnType<typeof startGroupRobot>>;
  const as = (person: Person) => tokenFor(api, person);
  const internalNote = '内部:供电所上次推诿,请区里盯紧';
  const personName = '王强';
  const staffIds = [actors.dengfengSecretary.id, actors.laifengTriage.id, actors.powerHandler.id, 'power-supply'];

  beforeAll(async () => {
    robot = await startGroupRobot();
    stack = await startTestStack({
      label: 'public-notices',
      services: ['case-api', 'case-worker', 'notification'],
      env: {
        DEV_AUTH_SECRET: devAuthSecret('public-notices'),
        NOTIFY_DISPATCH_INTERVAL_MS: '100',
        // The test's robot listens on loopback over http: allowed by this switch only.
        NOTIFY_WEBHOOK_ALLOW_LOOPBACK: 'true',
      },
    });
    api = stack.service('case-api').url;
    notification = stack.service('notification');
    const hook = await fetch(`${notification.url}/admin/notification-webhooks/village/dengfeng`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...bearer(await as(actors.admin)) },
      body: JSON.stringify({ url: `${robot.url}/cgi-bin/webhook/send?key=dengfeng-residents`, style: 'wecom' }),
    });
    expect(hook.status).toBe(200);
  });

  afterAll(async () => {
    await stack?.stop();
    await robot?.close();
  });

  const notices = async (person: Person, query = '') =>
    ((await (await fetch(`${notification.url}/public-notices${query}`, { headers: bearer(await as(person)) })).json()) as { items: Notice[] }).items;

  it('publishes the triage result, the plan and the result in plain words, to the residents and their group', async () => {
    const raised = await postJson(`${api}/cases`, { ...tangledLinesCase(), description: `线路杂乱 ${Date.now()}` }, await as(actors.dengfengSecretary));
    expect(raised.status).toBe(201);
    const caseId: string = raised.body.id;
    const act = async (action: string, person: Person, body: object) => {
      const answer = await postJson(`${api}/cases/${caseId}/actions/${action}`, body, await as(person));
      expect({ action, status: answer.status }).toEqual({ action, status: 200 });
      return answer.body as { view: { deadlines: { kind: string; dueAt: string }[] } };
    };
    await act('triageCase', actors.laifengTriage, { route: 'district', note: internalNote });
    // The department sees a published case once the read model has it.
    const handler = await as(actors.powerHandler);
    await waitFor(async () => ((await fetch(`${api}/cases/${caseId}`, { headers: bearer(handler) })).ok ? true : undefined), {
      description: 'the published case readable by the power company',
    });
    await act('claimCase', actors.powerHandler, {});
    const planned = await act('submitHandlingPlan', actors.powerHandler, {
      plan: '统一规整线路,<script>alert(1)</script>分两批施工',
      responsibility: { unit: '璧山供电公司运维班', personName },
    });
    // The plan's notice says by when: the Shanghai day the handling deadline ends (24:00 is that day's).
    const handlingDue = planned.view.deadlines.find((d) => d.kind === 'handling')!.dueAt;
    const dueDay = shanghaiDateOf(Date.parse(handlingDue) - 1);
    await act('reportResult', actors.powerHandler, { summary: '线路已规整,隐患已消除' });

    const published = await waitFor(
      async () => {
        const items = (await notices(actors.resident, `?caseId=${caseId}`)).filter((n) => n.caseId === caseId);
        return items.length === 3 ? items : undefined;
      },
      { description: 'three public notices of the case', timeoutMs: 60_000 },
    );
    expect(published.map((n) => n.kind)).toEqual(['result', 'plan', 'triage']);
    const reference = published[0]!.reference;
    expect(published.map((n) => n.text)).toEqual([
      `登凤村群众反映的“线路整治”问题(编号 ${reference})已办理:线路已规整,隐患已消除。请群众对办理结果进行评价。`,
      // Plain text: markup brackets dropped, nothing a group chat would render.
      `登凤村群众反映的“线路整治”问题(编号 ${reference})已由国网重庆璧山供电公司认领,办理方案:统一规整线路,scriptalert(1)/script分两批施工。计划于 ${dueDay} 前办结。`,
      `登凤村群众反映的“线路整治”问题(编号 ${reference}),经来凤街道研判,已提交区级部门认领办理。`,
    ]);

    const posts = await waitFor(async () => (robot.posts.length >= 3 ? robot.posts : undefined), {
      description: "three posts to the residents' group robot",
      timeoutMs: 60_000,
    });
    expect(posts.every((p) => p.path === '/cgi-bin/webhook/send?key=dengfeng-residents' && p.json.msgtype === 'text')).toBe(true);
    expect(posts.map((p) => p.json.text?.content)).toEqual(
      expect.arrayContaining([`【研判结果:登凤村】${published[2]!.text}`, `【办理结果:登凤村】${published[0]!.text}`]),
    );

    // Nothing of what officials write for each other, and no one's id or name, leaves; the group
    // gets the short reference, not even the case's id.
    const everything = JSON.stringify({ texts: published.map((n) => [n.title, n.text]), posts });
    for (const secret of [internalNote, personName, ...staffIds, caseId]) expect({ secret, found: everything.includes(secret) }).toEqual({ secret, found: false });
  });

  it('tells the residents when a notice no longer holds: a case sent back to triage, and one handled again after their rating', async () => {
    const raised = await postJson(`${api}/cases`, { ...tangledLinesCase(), description: `线路又乱了 ${Date.now()}` }, await as(actors.dengfengSecretary));
    expect(raised.status).toBe(201);
    const caseId: string = raised.body.id;
    const act = async (action: string, person: Person, body: object) => {
      const answer = await postJson(`${api}/cases/${caseId}/actions/${action}`, body, await as(person));
      expect({ action, status: answer.status }).toEqual({ action, status: 200 });
    };
    await act('triageCase', actors.laifengTriage, { route: 'district' });
    await act('claimCase', actors.powerHandler, {});
    await act('returnCase', actors.powerHandler, { reason: '内部:实为通信线路,不归我们管' });
    await act('triageCase', actors.laifengTriage, { route: 'village' });
    await act('reportResult', actors.dengfengSecretary, { summary: '已协调整理' });
    await act('giveFeedback', actors.dengfengSecretary, { note: '院坝会上告知' });
    await act('rateCase', actors.resident, { rating: 'dissatisfied', comment: '还是很乱' });

    const published = await waitFor(
      async () => {
        const items = (await notices(actors.resident, `?caseId=${caseId}`)).filter((n) => n.caseId === caseId);
        return items.length === 5 ? items : undefined;
      },
      { description: 'five public notices of the case', timeoutMs: 60_000 },
    );
    expect(published.map((n) => n.kind)).toEqual(['update', 'result', 'triage', 'update', 'triage']);
    const reference = published[0]!.reference;
    expect(published[3]!.text).toBe(
      `登凤村群众反映的“线路整治”问题(编号 ${reference})经核实不属原办理单位职责,已退回来凤街道重新研判,研判结果将另行公布。`,
    );
    expect(published[0]).toMatchObject({
      title: '重新办理:登凤村',
      text: `登凤村群众反映的“线路整治”问题(编号 ${reference})群众对办理结果不满意,已重新交办理单位办理,办理结果将另行公布。`,
    });
    // The handler's reason and the resident's comment stay with the officials.
    expect(JSON.stringify(published)).not.toContain('内部');
    expect(JSON.stringify(published)).not.toContain('还是很乱');
  });

  it("shows a village's notices to its residents and officials only", async () => {
    expect((await notices(actors.resident)).length).toBeGreaterThanOrEqual(3);
    expect(await notices({ id: 'resident-sanxing-1', role: 'resident' })).toEqual([]);
    expect(await notices(actors.sanxingSecretary)).toEqual([]);
    expect((await notices({ id: 'laifeng-secretary', role: 'town-leader' })).length).toBeGreaterThanOrEqual(3);
    expect(await notices(actors.powerHandler)).toEqual([]);
  });
});
