import { startTestStack, waitFor, type ServiceProcess, type TestStack } from '@bishan/testing';
import { DemoScenario, showcases } from '../simulator/demo-scenario';
import { actors, getJson, tokenFor } from './bishan-actors';

type LedgerRow = {
  id: string;
  status: string;
  escalationLevel: number;
  overdue: boolean;
  reopenCount: number;
  resolvedOnSpot: boolean;
};
type TimelineEntry = { type: string; event: { late?: boolean } };

/**
 * `npm start -- --demo`'s scenario on the real engines with the demo-compressed-2026.2 policy (a
 * working day lasts 2 s): within two minutes of its start, each showcase case is where the demo
 * says, as the ledger's filters and the timelines show it.
 */
describe('the demo scenario', () => {
  let stack: TestStack;
  let api: ServiceProcess;

  beforeAll(async () => {
    stack = await startTestStack({
      label: 'demo-scenario',
      services: ['case-api', 'case-worker'],
      env: { CASE_POLICY_VERSION: 'demo-compressed-2026.2' },
    });
    api = stack.service('case-api');
  });

  afterAll(() => stack?.stop());

  it('reaches every showcase state within two minutes, and says so per case', async () => {
    const bound = Date.now() + 120_000;
    const left = () => Math.max(1, bound - Date.now());
    const lines: string[] = [];
    const scenario = new DemoScenario({ baseUrl: api.url, say: (line) => lines.push(line), timeoutMs: 120_000 });
    const ids = await scenario.run();
    expect(Object.keys(ids).sort()).toEqual([...showcases].sort());
    expect(new Set(Object.values(ids)).size).toBe(showcases.length);

    const admin = await tokenFor(api.url, actors.admin);
    const ledger = (filter: string) => getJson<{ items: LedgerRow[] }>(`${api.url}/cases?${filter}&limit=200`, admin);
    const listed = (filter: string, id: string, check: (row: LedgerRow) => boolean = () => true) =>
      waitFor(
        async () => (await ledger(filter)).items.find((row) => row.id === id && check(row)),
        { description: `case ${id} in the ledger with ${filter}`, timeoutMs: left() },
      );
    const timeline = (id: string) => getJson<TimelineEntry[]>(`${api.url}/cases/${id}/timeline`, admin);

    // (1) Published, never claimed: escalated, then up the chain to the top leaders.
    const unclaimed = await listed('escalated=true', ids.unclaimed, (row) => row.escalationLevel >= 2);
    expect(unclaimed).toMatchObject({ status: 'published', overdue: false });
    // (2) Claimed and left: overdue and escalated.
    await listed('overdue=true', ids.overdue);
    await listed('escalated=true', ids.overdue);
    // (3) An extension request waiting for the supervising leader.
    expect(await listed('pendingExtension=true', ids.extensionPending)).toMatchObject({ status: 'handling' });
    // (4) Rated dissatisfied: reopened, handled again.
    expect(await listed('status=handling', ids.reopened, (row) => row.reopenCount === 1)).toBeDefined();
    expect((await timeline(ids.reopened)).map((e) => e.type)).toEqual(
      expect.arrayContaining(['caseRated', 'caseReopened']),
    );
    // (5) Resolved on the spot: closed at once.
    expect(await listed('status=closed', ids.resolvedOnSpot)).toMatchObject({ resolvedOnSpot: true });
    // (6) Claimed after the claim window: the claim is recorded as late.
    await listed('status=handling', ids.claimedLate);
    const claim = (await timeline(ids.claimedLate)).find((e) => e.type === 'caseClaimed');
    expect(claim?.event.late).toBe(true);

    // One line per state reached, naming the case's category and id.
    for (const id of Object.values(ids)) expect(lines.some((line) => line.includes(id))).toBe(true);
    expect(lines.find((line) => line.includes(ids.reopened))).toMatch(/^村容村貌 .*reopened/);
    expect(lines.filter((line) => line.includes(ids.unclaimed))).toHaveLength(3);
  });
});
