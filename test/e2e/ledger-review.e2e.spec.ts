import ExcelJS from 'exceljs';
import { personName } from '@bishan/db';
import { startTestStack, waitFor, type ServiceProcess, type TestStack } from '@bishan/testing';
import { actors, bearer, getJson, postJson, tangledLinesCase, tokenFor, type Person } from './bishan-actors';
import { devAuthSecret } from './dev-auth';

type Line = { caseId: string; section: 'closed' | 'open'; carriedOverBefore: number; decision: string | null; escalated: boolean; resultSummary: string | null; closure: string | null; previousTargetDate: string | null };
type Sheet = { review: { id: string; status: string; unitName: string; signedByName: string | null; period: string }; lines: Line[] };
type Inbox = { items: { kind: string; body: string }[] };

const townLeader: Person = { id: 'laifeng-secretary', role: 'town-leader' };
const townTriage: Person = { id: 'laifeng-secretary', role: 'town-triage' };
const powerLeader: Person = { id: 'power-supply-leader-1', role: 'department-leader' };
/** Laifeng's primary linked district leader: the supervising leader of its reviews. */
const supervising: Person = { id: 'dl-01', role: 'district-leader' };

/** The Shanghai month now, and the next one. */
function months(): { now: string; next: string } {
  const local = new Date(Date.now() + 8 * 3_600_000);
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth();
  const fmt = (year: number, month: number) => `${year}-${String(month + 1).padStart(2, '0')}`;
  return { now: fmt(y, m), next: m === 11 ? fmt(y + 1, 0) : fmt(y, m + 1) };
}

const inDays = (days: number) => new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

/**
 * 对账销号 on the real stack: a town's month is reviewed as a workflow; its leader strikes off what
 * closed (result and rating checked, signed by name), carries over what is open (reason, new date),
 * signs the sheet; carried over a second time, an item goes to the supervising district leader; the
 * sheet exports to Excel and PDF in Chinese.
 */
describe('ledger review (对账销号)', () => {
  let stack: TestStack;
  let api: string;
  let notification: ServiceProcess;
  const as = (person: Person) => tokenFor(api, person);
  const month = months();
  let closedId: string;
  let openId: string;
  let departmentCaseId: string;
  let reviewId: string;
  const leaderName = personName(townLeader.id);

  beforeAll(async () => {
    stack = await startTestStack({
      label: 'ledger-review',
      services: ['case-api', 'case-worker', 'notification'],
      env: { DEV_AUTH_SECRET: devAuthSecret('ledger-review') },
    });
    api = stack.service('case-api').url;
    notification = stack.service('notification');
    const secretary = await as(actors.dengfengSecretary);
    const raise = async (body: object) => {
      const raised = await postJson(`${api}/cases`, { ...tangledLinesCase(), ...body }, secretary);
      expect(raised.status).toBe(201);
      return raised.body.id as string;
    };
    closedId = await raise({ description: `现场解决 ${Date.now()}`, resolvedOnSpot: { summary: '现场协调已解决' } });
    openId = await raise({ description: `排水沟堵塞 ${Date.now()}`, category: '道路保洁' });
    departmentCaseId = await raise({ description: `线路杂乱 ${Date.now()}` });
    const act = async (id: string, action: string, person: Person, body: object) =>
      expect((await postJson(`${api}/cases/${id}/actions/${action}`, body, await as(person))).status).toBe(200);
    await waitFor(async () => ((await fetch(`${api}/cases/${openId}`, { headers: bearer(secretary) })).ok ? true : undefined), { description: 'the cases recorded' });
    await act(openId, 'triageCase', townTriage, { route: 'village' });
    await act(departmentCaseId, 'triageCase', townTriage, { route: 'district' });
    // The department sees a published case once the read model has it.
    const handler = await as(actors.powerHandler);
    await waitFor(async () => ((await fetch(`${api}/cases/${departmentCaseId}`, { headers: bearer(handler) })).ok ? true : undefined), {
      description: 'the published case readable by the power company',
    });
    await act(departmentCaseId, 'claimCase', actors.powerHandler, {});
  });

  afterAll(() => stack?.stop());

  const sheet = async (id: string, person: Person = townLeader) => getJson<Sheet>(`${api}/ledger-reviews/${encodeURIComponent(id)}`, await as(person));
  const start = async (period: string, unit: object) => {
    const started = await postJson(`${api}/ledger-reviews`, { period, unit }, await as(actors.admin));
    expect(started.status).toBe(202);
    const id: string = started.body.reviewId;
    await waitFor(async () => ((await fetch(`${api}/ledger-reviews/${encodeURIComponent(id)}`, { headers: bearer(await as(actors.admin)) })).ok ? true : undefined), {
      description: `the ${period} sheet made`,
    });
    return id;
  };
  const decide = async (id: string, caseId: string, body: object, person: Person = townLeader) =>
    postJson(`${api}/ledger-reviews/${encodeURIComponent(id)}/items/${caseId}/decision`, body, await as(person));

  it("makes the town's sheet: what closed to strike off, what is open to carry over, not the department's case", async () => {
    expect((await postJson(`${api}/ledger-reviews`, { period: month.now, unit: { kind: 'town', townId: 'laifeng' } }, await as(townLeader))).status).toBe(403);
    reviewId = await start(month.now, { kind: 'town', townId: 'laifeng' });
    const made = await sheet(reviewId);
    expect(made.review).toMatchObject({ status: 'open', unitName: '来凤街道', period: month.now });
    expect(made.lines.map((l) => [l.caseId, l.section])).toEqual(expect.arrayContaining([[closedId, 'closed'], [openId, 'open']]));
    expect(made.lines.find((l) => l.caseId === closedId)).toMatchObject({ resultSummary: '现场协调已解决', closure: 'resolvedOnSpot' });
    expect(made.lines.some((l) => l.caseId === departmentCaseId)).toBe(false);
    expect((await postJson(`${api}/ledger-reviews`, { period: month.now, unit: { kind: 'town', townId: 'laifeng' } }, await as(actors.admin))).status).toBe(409);
    expect(await postJson(`${api}/ledger-reviews`, { period: month.now, unit: { kind: 'town', townId: 'nowhere' } }, await as(actors.admin))).toMatchObject({
      status: 422,
      body: { errors: [{ field: 'body.unit', code: 'unknown' }] },
    });
    // Read by the town, its triage and its supervising district leader; not by another town or a village secretary.
    expect((await fetch(`${api}/ledger-reviews/${encodeURIComponent(reviewId)}`, { headers: bearer(await as(supervising)) })).status).toBe(200);
    expect((await fetch(`${api}/ledger-reviews/${encodeURIComponent(reviewId)}`, { headers: bearer(await as({ id: 'zhengxing-secretary', role: 'town-leader' })) })).status).toBe(404);
    expect((await getJson<{ items: unknown[] }>(`${api}/ledger-reviews`, await as(actors.dengfengSecretary))).items).toEqual([]);
    // The leaders were told the sheet is waiting.
    await waitFor(
      async () => {
        const inbox = (await (await fetch(`${notification.url}/notifications/me`, { headers: bearer(await as(townLeader)) })).json()) as Inbox;
        return inbox.items.some((m) => m.kind === 'ledgerReviewOpened' && m.body.includes('来凤街道')) ? true : undefined;
      },
      { description: 'the opened notice in the town leader’s inbox', timeoutMs: 60_000 },
    );
  });

  it('strikes off after checking result and rating, signed by name; carries over with a reason and a date; then signs the sheet', async () => {
    const strike = { decision: { kind: 'strikeOff', resultChecked: true, ratingChecked: true }, signature: leaderName };
    expect((await decide(reviewId, closedId, strike, townTriage)).status).toBe(403);
    // The workflow's refusal reaches the form as the field, its rule as a code and the figures.
    expect(await decide(reviewId, closedId, { ...strike, signature: '张三' })).toMatchObject({
      status: 422,
      body: { detail: expect.stringContaining('signature'), errors: [{ field: 'body.signature', code: 'not-your-name', params: { name: leaderName } }] },
    });
    expect(await decide(reviewId, closedId, { ...strike, decision: { kind: 'strikeOff', resultChecked: true, ratingChecked: false } })).toMatchObject({
      status: 422,
      body: { errors: [{ field: 'body.decision.resultChecked', code: 'unchecked' }] },
    });
    expect((await postJson(`${api}/ledger-reviews/${encodeURIComponent(reviewId)}/sign-off`, { signature: leaderName }, await as(townLeader))).status).toBe(409);

    const others = (await sheet(reviewId)).lines.filter((l) => l.caseId !== closedId && l.caseId !== openId);
    expect((await decide(reviewId, closedId, strike)).status).toBe(200);
    expect((await decide(reviewId, closedId, strike)).status).toBe(409);
    expect((await decide(reviewId, openId, { decision: { kind: 'carryOver', reason: '  ', newTargetDate: inDays(10) }, signature: leaderName })).status).toBe(400);
    expect(await decide(reviewId, openId, { decision: { kind: 'carryOver', reason: '等待施工队', newTargetDate: inDays(0) }, signature: leaderName })).toMatchObject({
      status: 422,
      body: { errors: [{ field: 'body.decision.newTargetDate', code: 'not-ahead' }] },
    });
    expect((await decide(reviewId, openId, { decision: { kind: 'carryOver', reason: '等待施工队', newTargetDate: inDays(10) }, signature: leaderName })).status).toBe(200);
    // Lines of other suites' cases in the same town (a shared organisation, a fresh database: there are none, but be exact).
    for (const line of others)
      await decide(
        reviewId,
        line.caseId,
        line.section === 'closed' ? strike : { decision: { kind: 'carryOver', reason: '继续办理', newTargetDate: inDays(10) }, signature: leaderName },
      );

    const signed = await postJson(`${api}/ledger-reviews/${encodeURIComponent(reviewId)}/sign-off`, { signature: leaderName }, await as(townLeader));
    expect(signed.status).toBe(200);
    const done = await sheet(reviewId);
    expect(done.review).toMatchObject({ status: 'signedOff', signedByName: leaderName });
    expect(done.lines.find((l) => l.caseId === closedId)).toMatchObject({ decision: 'strikeOff' });
    expect(done.lines.find((l) => l.caseId === openId)).toMatchObject({ decision: 'carryOver', escalated: false });
    expect((await decide(reviewId, openId, { decision: { kind: 'carryOver', reason: 'x', newTargetDate: inDays(20) }, signature: leaderName })).status).toBe(409);
  });

  it('carries the open item into the next review, and the second carry-over goes to the supervising district leader', async () => {
    const nextId = await start(month.next, { kind: 'town', townId: 'laifeng' });
    const next = await sheet(nextId);
    // Struck off last time: not again. Carried over once: here again, with its target date.
    expect(next.lines.some((l) => l.caseId === closedId)).toBe(false);
    expect(next.lines.find((l) => l.caseId === openId)).toMatchObject({ section: 'open', carriedOverBefore: 1, previousTargetDate: inDays(10) });
    const carried = await decide(nextId, openId, { decision: { kind: 'carryOver', reason: '资金未到位', newTargetDate: inDays(40) }, signature: leaderName });
    expect(carried.status).toBe(200);
    expect((await sheet(nextId)).lines.find((l) => l.caseId === openId)).toMatchObject({ escalated: true });
    await waitFor(
      async () => {
        const inbox = (await (await fetch(`${notification.url}/notifications/me`, { headers: bearer(await as(supervising)) })).json()) as Inbox;
        return inbox.items.some((m) => m.kind === 'ledgerItemEscalated' && m.body.includes('资金未到位') && m.body.includes('2 次')) ? true : undefined;
      },
      { description: 'the supervising district leader told of the second carry-over', timeoutMs: 60_000 },
    );
  });

  it("reviews a department's ledger too, signed by its leader", async () => {
    const id = await start(month.now, { kind: 'department', departmentId: 'power-supply' });
    const made = await sheet(id, powerLeader);
    expect(made.lines.map((l) => [l.caseId, l.section])).toEqual([[departmentCaseId, 'open']]);
    expect((await fetch(`${api}/ledger-reviews/${encodeURIComponent(id)}`, { headers: bearer(await as(townLeader)) })).status).toBe(404);
  });

  it('exports the signed sheet to Excel and to PDF, in Chinese', async () => {
    const headers = bearer(await as(townLeader));
    const xlsx = await fetch(`${api}/ledger-reviews/${encodeURIComponent(reviewId)}/sheet.xlsx`, { headers });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-disposition')).toContain(encodeURIComponent('对账销号表-来凤街道'));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ArrayBuffer);
    const ws = workbook.getWorksheet('对账销号表')!;
    expect(ws.getRow(1).getCell(1).value).toBe(`来凤街道 ${month.now} 台账对账销号表`);
    const texts = ws.getSheetValues().flat().map(String).join('|');
    expect(texts).toContain(`签字人:${leaderName}`);
    expect(texts).toContain('销号');
    expect(texts).toContain('等待施工队');

    const pdf = await fetch(`${api}/ledger-reviews/${encodeURIComponent(reviewId)}/sheet.pdf`, { headers });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // The Chinese is set in the embedded (subset) Noto Sans CJK.
    expect(bytes.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansCJKsc-Regular/);
    expect((await fetch(`${api}/ledger-reviews/${encodeURIComponent(reviewId)}/sheet.pdf`, { headers: bearer(await as({ id: 'zhengxing-secretary', role: 'town-leader' })) })).status).toBe(404);
  });
});
