import { calendarCoverage, packageCalendarData, shanghaiDateOf, type CaseEvent, type CaseView } from '@bishan/domain';
import { startTestStack, waitFor, type ServiceProcess, type TestStack } from '@bishan/testing';
import { actors, getJson, postJson, tangledLinesCase, tokenFor } from './bishan-actors';

type TimelineEntry = { seq: number; type: string; at: string; event: CaseEvent };

/**
 * The holiday data end to end, on the real engines and the real calendar: the warning while it
 * runs out, a case whose deadline reaches past it (provisional), a year's schedule loaded by an
 * administrator (validated, versioned), and the case's deadline counted again, its timeline saying why.
 */
describe('the working-day calendar never runs out silently', () => {
  let stack: TestStack;
  let api: ServiceProcess;

  beforeAll(async () => {
    stack = await startTestStack({ label: 'calendar', services: ['case-api', 'case-worker'] });
    api = stack.service('case-api');
  });

  afterAll(() => stack?.stop());

  const as = (person: (typeof actors)[keyof typeof actors]) => tokenFor(api.url, person);
  const caseView = async (id: string) => (await getJson<{ view: CaseView }>(`${api.url}/cases/${id}`, await as(actors.admin))).view;
  const timeline = async (id: string) => getJson<TimelineEntry[]>(`${api.url}/cases/${id}/timeline`, await as(actors.admin));
  const health = async () => (await fetch(`${api.url}/health`)).json() as Promise<{ status: string; checks: Record<string, string> }>;

  it('warns while the data runs out, and counts a provisional deadline again once the year is loaded', async () => {
    // Before: the package's data alone. From 60 days before its last day, /health says so (still 200).
    const before = calendarCoverage(packageCalendarData, shanghaiDateOf(new Date()));
    const report = await health();
    if (before.runningOut) {
      expect(report.status).toBe('degraded');
      expect(report.checks['calendar']).toMatch(/^degraded: holiday data ends 2026-12-31 .*load the 2027 schedule/);
    } else {
      expect(report.checks['calendar']).toBe('ok');
    }

    // A complex case claimed now: 30 working days reach past the covered data.
    const raised = await postJson(`${api.url}/cases`, { ...tangledLinesCase(), complexity: 'complex' }, await as(actors.dengfengSecretary));
    expect(raised.status).toBe(201);
    const id: string = raised.body.id;
    expect((await postJson(`${api.url}/cases/${id}/actions/triageCase`, { route: 'district' }, await as(actors.laifengTriage))).status).toBe(200);
    const claimed = await postJson(`${api.url}/cases/${id}/actions/claimCase`, {}, await as(actors.powerHandler));
    expect(claimed.status).toBe(200);
    const handlingBefore = (claimed.body.view as CaseView).deadlines.find((d) => d.kind === 'handling');
    if (!handlingBefore) throw new Error('no handling deadline');
    const lastDay = shanghaiDateOf(Date.parse(handlingBefore.dueAt) - 1);
    expect(handlingBefore.provisional).toBe(lastDay > before.coveredThrough);
    const provisionalLedger = await waitFor(
      async () => {
        const page = await getJson<{ items: { id: string }[] }>(`${api.url}/cases?provisionalDeadlines=true`, await as(actors.admin));
        return page.items.some((c) => c.id === id) ? page : undefined;
      },
      { description: 'the case in the ledger of provisional deadlines', timeoutMs: 30_000 },
    );
    expect(provisionalLedger.items.map((c) => c.id)).toContain(id);

    // A schedule made up for the test: one holiday on the deadline's own day, so it moves by one day.
    const year = Number(lastDay.slice(0, 4));
    const schedule = {
      year,
      holidays: [{ name: '测试假日', from: lastDay, to: lastDay }],
      adjustedWorkingDays: [] as string[],
      source: { title: 'TEST FIXTURE — not an official schedule', publishedOn: '2026-11-20' },
    };

    // Bad input names the field and stores nothing; only an administrator loads a year.
    const weekday = await postJson(`${api.url}/calendar/years`, { ...schedule, adjustedWorkingDays: [lastDay] }, await as(actors.admin));
    expect(weekday.status).toBe(422);
    expect(weekday.body.errors.map((e: { field: string }) => e.field)).toEqual(['body.adjustedWorkingDays[0]', 'body.adjustedWorkingDays[0]']);
    expect((await postJson(`${api.url}/calendar/years`, schedule, await as(actors.dengfengSecretary))).status).toBe(403);
    expect((await getJson<{ schedules: unknown[] }>(`${api.url}/calendar`, await as(actors.admin))).schedules).toEqual([]);

    const loaded = await postJson(`${api.url}/calendar/years`, schedule, await as(actors.admin));
    expect(loaded.status).toBe(201);
    expect(loaded.body).toMatchObject({ year, revision: 1, coverage: { coveredThrough: `${year}-12-31` } });

    const recomputed = await waitFor(
      async () => (await timeline(id)).find((entry) => entry.type === 'deadlinesRecomputed'),
      { description: 'the recount in the case timeline', timeoutMs: 60_000 },
    );
    const event = recomputed.event as Extract<CaseEvent, { type: 'deadlinesRecomputed' }>;
    expect(event.reason).toContain('TEST FIXTURE');
    const moved = event.changes.find((c) => c.deadlineId === handlingBefore.id);
    expect(moved).toMatchObject({ kind: 'handling', from: handlingBefore.dueAt });
    expect(Date.parse(moved?.to ?? '')).toBeGreaterThan(Date.parse(handlingBefore.dueAt));

    const after = await waitFor(
      async () => {
        const view = await caseView(id);
        return view.provisionalDeadlines ? undefined : view;
      },
      { description: 'the read model without provisional deadlines', timeoutMs: 30_000 },
    );
    expect(after.deadlines.find((d) => d.id === handlingBefore.id)).toMatchObject({ dueAt: moved?.to, provisional: false });

    const overview = await waitFor(
      async () => {
        const current = await getJson<{ rollout: { status: string; signalled: number } | null; schedules: { year: number; loadedBy: string }[] }>(
          `${api.url}/calendar`,
          await as(actors.admin),
        );
        return current.rollout?.status === 'COMPLETED' ? current : undefined;
      },
      { description: 'the rollout finished', timeoutMs: 60_000 },
    );
    expect(overview.rollout?.signalled).toBeGreaterThanOrEqual(1);
    expect(overview.schedules).toEqual([expect.objectContaining({ year, revision: 1, loadedBy: 'admin' })]);
    // With the year loaded the data lasts into next year: no warning (until 60 days before its end).
    const stillRunningOut = calendarCoverage({ loaded: [{ ...schedule, revision: 1 }] }, shanghaiDateOf(new Date())).runningOut;
    const reportAfter = await waitFor(
      async () => {
        const current = await health();
        return current.checks['calendar']?.startsWith('degraded') === stillRunningOut ? current : undefined;
      },
      { description: '/health reading the loaded year (it rereads the data every few seconds)', timeoutMs: 30_000 },
    );
    expect(reportAfter.checks['calendar']).toEqual(stillRunningOut ? expect.stringMatching(/^degraded/) : 'ok');
  });
});
