import type { CaseEvent, CaseView } from '@bishan/domain';
import { startTestStack, waitFor, type ServiceProcess, type TestStack } from '@bishan/testing';
import { actors, getJson, postJson, tangledLinesCase, tokenFor } from './bishan-actors';

type TimelineEntry = { seq: number; type: string; event: CaseEvent };

const people = {
  ...actors,
  topSecretary: { id: 'top-secretary', role: 'top-district-leader' },
  laifengLeader: { id: 'laifeng-secretary', role: 'town-leader' },
} as const;

/**
 * The leaders' commands (督办) over HTTP on the real engines, under the current policy: urge,
 * instruct and acknowledge, reassign, a pause that waits for approval, and a rating collected by
 * phone (回访) that counts when the window closes. Each is checked in the timeline and the ledger.
 */
describe('supervision commands over the API', () => {
  let stack: TestStack;
  let api: ServiceProcess;

  beforeAll(async () => {
    stack = await startTestStack({ label: 'supervision', services: ['case-api', 'case-worker'] });
    api = stack.service('case-api');
  });

  afterAll(() => stack?.stop());

  const as = (person: { id: string; role: string }) => tokenFor(api.url, person);
  const act = async (id: string, action: string, body: object, person: { id: string; role: string }) =>
    postJson(`${api.url}/cases/${id}/actions/${action}`, body, await as(person));
  /** The timeline once it holds event `minSeq` (read-your-writes: the eventSeq one's own action answered). */
  const timeline = async (id: string, minSeq = 0) =>
    getJson<TimelineEntry[]>(`${api.url}/cases/${id}/timeline?minSeq=${minSeq}`, await as(actors.admin));
  const ledger = async (query: string) =>
    (await getJson<{ items: { id: string }[] }>(`${api.url}/cases?${query}`, await as(actors.admin))).items.map((c) => c.id);

  async function claimedCase(): Promise<{ id: string; supervisor: string }> {
    const raised = await postJson(`${api.url}/cases`, tangledLinesCase(), await as(actors.dengfengSecretary));
    expect(raised.status).toBe(201);
    const id: string = raised.body.id;
    expect((await act(id, 'triageCase', { route: 'district' }, actors.laifengTriage)).status).toBe(200);
    const claimed = await act(id, 'claimCase', {}, actors.powerHandler);
    expect(claimed.status).toBe(200);
    const view = claimed.body.view as CaseView;
    expect(view.policyVersion).toBe('2026.2');
    return { id, supervisor: view.supervision?.leaderIds[0] ?? '' };
  }

  it('urges, instructs (acknowledged by the handler) and reassigns, refusing anyone who does not supervise the case', async () => {
    const { id, supervisor } = await claimedCase();
    const leader = { id: supervisor, role: 'district-leader' };

    const outsider = await act(id, 'urgeCase', { note: '加快' }, actors.districtLeader.id === supervisor ? people.laifengLeader : actors.districtLeader);
    expect(outsider.status).toBe(403);
    expect((await act(id, 'urgeCase', { note: '' }, leader)).status).toBe(400); // the body's shape: a note is required
    expect((await act(id, 'urgeCase', { note: '请本周内到现场' }, leader)).status).toBe(200);

    const instructed = await act(id, 'instructCase', { text: '请会同电信公司一并整治' }, leader);
    expect(instructed.status).toBe(200);
    const [instruction] = (instructed.body.view as CaseView).instructions;
    expect(instruction).toMatchObject({ text: '请会同电信公司一并整治', byActorId: supervisor });
    expect(await ledger('status=claimed')).toContain(id);
    const acknowledged = await act(id, 'acknowledgeInstruction', { instructionId: instruction?.instructionId, note: '收到' }, actors.powerHandler);
    expect(acknowledged.status).toBe(200);
    expect((acknowledged.body.view as CaseView).instructions).toEqual([]);

    const reassigned = await act(id, 'reassignCase', { toDepartmentId: 'china-telecom', reason: '以通信线路为主' }, people.topSecretary);
    expect(reassigned.status).toBe(200);
    expect(reassigned.body.view).toMatchObject({ status: 'claimed', handler: { level: 'district', unitId: 'china-telecom' } });

    const types = (await timeline(id, reassigned.body.eventSeq)).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['caseUrged', 'instructionIssued', 'instructionAcknowledged', 'caseReassigned']));
  });

  it('sends a second pause to the supervising leader, lists it for approval, and approves it', async () => {
    const { id, supervisor } = await claimedCase();
    const plan = { plan: '分段整治', responsibility: { unit: '供电所', personName: '何勇' } };
    expect((await act(id, 'submitHandlingPlan', plan, actors.powerHandler)).status).toBe(200);
    expect((await act(id, 'pauseClock', { reason: 'waitingForResident' }, actors.powerHandler)).body.view.paused).toMatchObject({
      reason: 'waitingForResident',
    });
    expect((await act(id, 'resumeClock', {}, actors.powerHandler)).status).toBe(200);
    const asked = await act(id, 'pauseClock', { reason: 'waitingForFunds', workingDays: 5, note: '等专项资金' }, actors.powerHandler);
    expect(asked.status).toBe(200);
    expect(asked.body.view).toMatchObject({ paused: null, pendingPause: { reason: 'waitingForFunds', workingDays: 5 } });
    await waitFor(async () => ((await ledger('pendingPause=true')).includes(id) ? true : undefined), {
      description: 'the case in the list of pauses to approve',
      timeoutMs: 30_000,
    });
    const approved = await act(id, 'approvePause', {}, { id: supervisor, role: 'district-leader' });
    expect(approved.status).toBe(200);
    expect(approved.body.view).toMatchObject({ pendingPause: null, paused: { reason: 'waitingForFunds', byActorId: actors.powerHandler.id } });
  });

  it('records a rating collected by phone, and the resident’s own rating then wins', async () => {
    const { id } = await claimedCase();
    const plan = { plan: '分段整治', responsibility: { unit: '供电所', personName: '何勇' } };
    expect((await act(id, 'submitHandlingPlan', plan, actors.powerHandler)).status).toBe(200);
    expect((await act(id, 'reportResult', { summary: '线路已规范' }, actors.powerHandler)).status).toBe(200);
    expect((await act(id, 'giveFeedback', { note: '院坝会上告知' }, actors.dengfengSecretary)).status).toBe(200);
    const wrongResident = await act(id, 'recordRating', { rating: 'satisfied', channel: 'phone', residentId: 'resident-sanxing-1' }, actors.dengfengSecretary);
    expect(wrongResident.status).toBe(422);
    const collected = await act(id, 'recordRating', { rating: 'satisfied', channel: 'phone', residentId: actors.resident.id }, actors.dengfengSecretary);
    expect(collected.status).toBe(200);
    expect(collected.body.view).toMatchObject({
      status: 'awaitingRating',
      collectedRating: { rating: 'satisfied', channel: 'phone', collectedByActorId: actors.dengfengSecretary.id },
    });
    const own = await act(id, 'rateCase', { rating: 'basicallySatisfied' }, actors.resident);
    expect(own.body.view).toMatchObject({ status: 'closed', closure: 'basicallySatisfied' });
  });
});
