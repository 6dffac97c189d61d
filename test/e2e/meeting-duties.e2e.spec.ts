import { startTestStack, waitFor, type ServiceProcess, type TestStack } from '@bishan/testing';
import { actors, bearer, getJson, postJson, tokenFor, type Person } from './bishan-actors';
import { devAuthSecret } from './dev-auth';

type Duty = {
  id: string;
  kind: string;
  level: string;
  status: 'done' | 'due' | 'overdue';
  held: number;
  required: number;
  holderIds: string[];
  holders: { id: string; name: string }[];
  unitName: string;
  remind: boolean;
};
type CoverageRow = { key: string; duties: number; done: number; held: number; required: number };
type DutiesAnswer = {
  period: string;
  policyVersion: string;
  duties: Duty[];
  coverage: { byLevel: CoverageRow[]; byTown: CoverageRow[]; total: CoverageRow };
  keyHouseholds: { villageId: string; registered: number; visited: number; byKind: Record<string, { registered: number; visited: number }> }[];
};
type Inbox = { items: { kind: string; body: string; caseId: string }[] };

const laifengLeader: Person = { id: 'laifeng-secretary', role: 'town-leader' };
const dlLaifeng: Person = { id: 'dl-01', role: 'district-leader' };

/** The half-year now in Shanghai, and the instant it ends. */
function currentHalfYear(): { key: string; endMs: number } {
  const local = new Date(Date.now() + 8 * 3_600_000);
  const year = local.getUTCFullYear();
  const first = local.getUTCMonth() < 6;
  return {
    key: `${year}-H${first ? 1 : 2}`,
    endMs: (first ? Date.UTC(year, 6, 1) : Date.UTC(year + 1, 0, 1)) - 8 * 3_600_000,
  };
}

/**
 * Meeting duties on the real stack: residents' groups from the organisation, key households
 * registered per courtyard and visited at a meeting, the tracker judging the duties against the
 * meetings held, and the reminder run telling holders (and, once overdue, their supervisors)
 * through the notification service — each notice once.
 */
describe('meeting duties and key households', () => {
  let stack: TestStack;
  let api: ServiceProcess;
  let notification: ServiceProcess;
  const as = (person: Person) => tokenFor(api.url, person);
  const period = currentHalfYear();
  const households: string[] = [];

  beforeAll(async () => {
    stack = await startTestStack({
      label: 'meeting-duties',
      services: ['case-api', 'case-worker', 'notification'],
      env: { DEV_AUTH_SECRET: devAuthSecret('meeting-duties') },
    });
    api = stack.service('case-api');
    notification = stack.service('notification');
  });

  afterAll(() => stack?.stop());

  const duties = async (person: Person, query = '') =>
    getJson<DutiesAnswer>(`${api.url}/meeting-duties?period=${period.key}${query}`, await as(person));

  it("lists a village's residents' groups and registers key households per courtyard", async () => {
    const groups = await getJson<{ name: string; number: number; courtyards: { id: string }[] }[]>(
      `${api.url}/resident-groups?villageId=dengfeng`,
      await as(actors.dengfengSecretary),
    );
    expect(groups.map((g) => g.name)).toEqual(['1组', '2组', '3组', '4组', '5组', '6组', '7组', '8组', '9组', '10组']);
    expect(groups[6]?.courtyards.map((c) => c.id)).toEqual(['dengfeng-yard-07']);

    const secretary = await as(actors.dengfengSecretary);
    for (const [courtyardId, name, kinds] of [
      ['dengfeng-yard-07', '陈婆婆', ['elderlyAlone', 'subsistenceAllowance']],
      ['dengfeng-yard-07', '刘大哥', ['povertyAlleviated']],
      ['dengfeng-yard-01', '王大爷', ['petitioner']],
    ] as const) {
      const registered = await postJson(`${api.url}/key-households`, { place: { townId: 'laifeng', villageId: 'dengfeng', courtyardId }, name, kinds }, secretary);
      expect(registered.status).toBe(201);
      households.push(registered.body.id);
    }
    const elsewhere = await postJson(
      `${api.url}/key-households`,
      { place: { townId: 'laifeng', villageId: 'dengfeng', courtyardId: 'dengfeng-yard-01' }, name: '李', kinds: ['petitioner'] },
      await as(actors.sanxingSecretary),
    );
    expect(elsewhere.status).toBe(403);
    const wrongYard = await postJson(
      `${api.url}/key-households`,
      { place: { townId: 'laifeng', villageId: 'dengfeng', courtyardId: 'sanxing-yard-01' }, name: '李', kinds: ['petitioner'] },
      secretary,
    );
    expect(wrongYard).toMatchObject({ status: 422, body: { errors: [{ field: 'body.place.courtyardId' }] } });
    const listed = await getJson<{ items: { name: string }[] }>(`${api.url}/key-households?villageId=dengfeng`, secretary);
    expect(listed.items.map((h) => h.name).sort()).toEqual(['刘大哥', '王大爷', '陈婆婆'].sort());
    expect((await getJson<{ items: unknown[] }>(`${api.url}/key-households`, await as(actors.sanxingSecretary))).items).toEqual([]);
  });

  it('judges the duties against the meetings held and records the key households a meeting visited', async () => {
    const secretary = await as(actors.dengfengSecretary);
    const before = await duties(actors.dengfengSecretary);
    expect(before.policyVersion).toBe('2026.1');
    const group7 = `secretaryResidentGroups:dengfeng:7:${period.key}`;
    expect(before.duties.find((d) => d.id === group7)).toMatchObject({ status: 'due', held: 0, required: 1, unitName: '来凤街道 · 登凤村 · 7组' });

    const opened = await postJson(
      `${api.url}/meetings`,
      { level: 'village', scheduledAt: new Date().toISOString(), place: { townId: 'laifeng', villageId: 'dengfeng', courtyardId: 'dengfeng-yard-07' }, mode: 'inPerson', invitedHouseholds: 20 },
      secretary,
    );
    expect(opened.status).toBe(201);
    const meetingId: string = opened.body.id;
    // Only the convener writes up the visits, and only of this village's registered households.
    expect((await postJson(`${api.url}/meetings/${meetingId}/key-household-visits`, { householdIds: [households[0]] }, await as(laifengLeader))).status).toBe(403);
    expect(await postJson(`${api.url}/meetings/${meetingId}/key-household-visits`, { householdIds: ['nobody'] }, secretary)).toMatchObject({
      status: 422,
      body: { errors: [{ field: 'body.householdIds' }] },
    });
    const visited = await postJson(`${api.url}/meetings/${meetingId}/key-household-visits`, { householdIds: [households[0]] }, secretary);
    expect(visited).toMatchObject({ status: 200, body: { householdIds: [households[0]] } });
    expect((await postJson(`${api.url}/meetings/${meetingId}/close`, { issuesRaised: 0, resolvedOnSpot: 0 }, secretary)).status).toBe(200);
    // Within a day of the close the visits may still be written up.
    const more = await postJson(`${api.url}/meetings/${meetingId}/key-household-visits`, { householdIds: [households[1]] }, secretary);
    expect(more.body.householdIds).toHaveLength(2);

    const after = await duties(actors.dengfengSecretary);
    expect(after.duties.find((d) => d.id === group7)).toMatchObject({ status: 'done', held: 1 });
    expect(after.duties.find((d) => d.id === `secretaryResidentGroups:dengfeng:1:${period.key}`)).toMatchObject({ status: 'due', held: 0 });
    // The secretary's village: their ten groups, one met, and the town leadership's duty there.
    expect(after.coverage.byLevel).toEqual([
      { key: 'town', duties: 1, done: 0, overdue: 0, held: 0, required: 1 },
      { key: 'village', duties: 10, done: 1, overdue: 0, held: 1, required: 10 },
    ]);
    expect(after.keyHouseholds).toEqual([
      expect.objectContaining({
        villageId: 'dengfeng',
        registered: 3,
        visited: 2,
        byKind: expect.objectContaining({ elderlyAlone: { registered: 1, visited: 1 }, petitioner: { registered: 1, visited: 0 } }),
      }),
    ]);
    const statusDue = await duties(actors.dengfengSecretary, '&status=due');
    expect(statusDue.duties).toHaveLength(10);
  });

  it('counts a district leader’s meeting in a linked town, and shows the town and levels by coverage', async () => {
    const leader = await as(dlLaifeng);
    const opened = await postJson(
      `${api.url}/meetings`,
      { level: 'district', scheduledAt: new Date().toISOString(), place: { townId: 'laifeng' }, mode: 'inPerson', invitedHouseholds: 50 },
      leader,
    );
    expect(opened.status).toBe(201);
    expect((await postJson(`${api.url}/meetings/${opened.body.id}/close`, { issuesRaised: 2, resolvedOnSpot: 1 }, leader)).status).toBe(200);
    const mine = await duties(dlLaifeng, '&mine=true');
    const year = period.key.slice(0, 4);
    expect(mine.duties.find((d) => d.id === `districtLeaderTowns:dl-01:laifeng:${year}`)).toMatchObject({ level: 'district', held: 1, required: 2, status: 'due' });
    expect(mine.duties.every((d) => d.holderIds.includes('dl-01'))).toBe(true);

    // The town's leadership reads its whole town: its villages, their groups, the district's duties there.
    const town = await duties(laifengLeader);
    expect(town.coverage.byTown.map((r) => r.key)).toEqual(['laifeng']);
    expect(town.coverage.byLevel.map((r) => r.key)).toEqual(['district', 'town', 'village']);
    expect(town.coverage.byLevel.find((r) => r.key === 'district')).toMatchObject({ held: 1 });
    // A department reads none.
    expect((await duties(actors.powerHandler)).duties).toEqual([]);
  });

  it('reminds holders before a duty falls due and tells them and their supervisors once it is overdue, each once', async () => {
    const admin = await as(actors.admin);
    const run = async (asOfMs: number) => {
      const answer = await postJson(`${api.url}/meeting-duties/reminder-runs`, { asOf: new Date(asOfMs).toISOString() }, admin);
      expect(answer.status).toBe(200);
      return answer.body as { reminded: number; overdue: number };
    };
    expect((await postJson(`${api.url}/meeting-duties/reminder-runs`, {}, await as(actors.dengfengSecretary))).status).toBe(403);
    const soon = await run(period.endMs - 10 * 86_400_000);
    expect(soon.reminded).toBeGreaterThan(0);
    expect(await run(period.endMs - 9 * 86_400_000)).toMatchObject({ reminded: 0 });

    const inbox = async (person: Person) =>
      (await (await fetch(`${notification.url}/notifications/me?pageSize=100`, { headers: bearer(await as(person)) })).json()) as Inbox;
    const reminded = await waitFor(
      async () => {
        const items = (await inbox(actors.dengfengSecretary)).items.filter((m) => m.kind === 'meetingDutyDue');
        return items.length === 9 ? items : undefined;
      },
      { description: "the secretary's nine reminders (group 7 is done)", timeoutMs: 180_000, intervalMs: 2_000 },
    );
    expect(reminded.map((m) => m.body).join('\n')).toContain('来凤街道登凤村1组应开 1 次,已开 0 次');
    expect(reminded.every((m) => m.caseId === '')).toBe(true);

    const over = await run(period.endMs + 86_400_000);
    expect(over.overdue).toBeGreaterThan(0);
    expect((await run(period.endMs + 2 * 86_400_000)).overdue).toBe(0);
    await waitFor(
      async () => {
        const told = (await inbox(laifengLeader)).items.filter((m) => m.kind === 'meetingDutyOverdue' && m.body.includes('登凤村1组'));
        return told.length === 1 ? true : undefined;
      },
      { description: 'the town leader told that group 1 was not met', timeoutMs: 180_000, intervalMs: 2_000 },
    );
  });
});
