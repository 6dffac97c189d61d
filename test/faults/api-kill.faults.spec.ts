import { randomUUID } from 'node:crypto';
import { startFaultStack, type FaultStack } from './support/fault-stack';
import { auditCases, auditConsumers, workflowOutcomes } from './support/invariants';
import { faultsApi, raiseAndDrive } from './support/loop-driver';
import { scaled } from './support/scale';

/**
 * SIGKILL the case API while cases are raised and driven (FAULTS_SCALE shrinks the run): a kill
 * that lands after a raise's commit and before its workflow started leaves the case recorded with
 * its start-pending mark, and the worker's sweeper starts it; the client's retry with the same key
 * finds the case it raised. Every case reaches its end, once, and no mark is left behind.
 */
describe('the case API killed between recording a raise and starting its workflow', () => {
  const cases = scaled(400, 40);
  /** Raising goes on while kills remain (a fast machine drove 40 cases before the fourth kill), up to this many. */
  const casesAtMost = 5 * cases;
  const kills = scaled(20, 4);
  /** Kills past `kills`, while none has yet landed between a commit and a start. */
  const extraKills = 10;
  let stack: FaultStack;

  beforeAll(async () => {
    stack = await startFaultStack({
      label: 'faults-api-kill',
      services: { 'case-api': 1, 'case-worker': 1, notification: 1, reporting: 1 },
      // One signing secret for every instance: a token the killed API signed still passes its successor.
      env: { DEV_AUTH_SECRET: `faults-api-kill-dev-auth-${randomUUID()}` },
    });
  });

  afterAll(() => stack?.stop());

  it(`brings every case (at least ${cases}) to its end through API kills, starting those a kill left unstarted`, async () => {
    const began = Date.now();
    // One address throughout: the API comes back where it was, as behind a load balancer.
    const api = faultsApi(stack.service('case-api').url);
    let killing = true;
    let raised = 0;
    const results: { id: string; status: string }[] = [];
    // 32 in flight; mostly raises resolved on the spot (a raise and nothing else), so kills find raises in flight.
    const driven = Promise.all(
      Array.from({ length: 32 }, async () => {
        while (raised < cases || (killing && raised < casesAtMost)) {
          const i = raised++;
          results.push(await raiseAndDrive(api, `api-kill-${stack.runId}-${i}`, i % 4 === 0, 30 * 60_000));
        }
      }),
    );
    // Awaited after the kills; a failure meanwhile must not be reported as unhandled.
    driven.catch(() => undefined);
    let killed = 0;
    /** Cases a killed API had recorded but not (known to have) started: their marks outlived it. */
    const leftUnstarted = new Set<string>();
    while (killed < kills || (leftUnstarted.size === 0 && killed < kills + extraKills)) {
      await new Promise((resolve) => setTimeout(resolve, 500 + Math.random() * 1_500));
      await stack.killAndRestart(stack.service('case-api'), {
        samePort: true,
        beforeRestart: async () => {
          for (const mark of await stack.db.pendingCaseStart.findMany({ select: { caseId: true } })) leftUnstarted.add(mark.caseId);
        },
      });
      killed += 1;
    }
    killing = false;
    await driven;
    expect(killed).toBeGreaterThanOrEqual(kills);
    // The run exercised what it is about: at least one kill fell between a commit and a start.
    expect(leftUnstarted.size).toBeGreaterThan(0);
    expect(results.length).toBeGreaterThanOrEqual(cases);
    expect(results.filter((r) => r.status === 'closed')).toHaveLength(results.length);
    const ids = results.map((r) => r.id);
    expect(new Set(ids).size).toBe(results.length);
    // Each case the kills left unstarted is one of the driven cases, and now has its one workflow.
    expect([...leftUnstarted].filter((id) => !ids.includes(id))).toEqual([]);

    expect(await workflowOutcomes(stack.temporal, stack.env['TEMPORAL_TASK_QUEUE']!, 10 * 60_000)).toEqual({
      COMPLETED: results.length,
    });
    expect(await stack.db.pendingCaseStart.count()).toBe(0);
    expect(await auditCases(stack.db, ids)).toEqual([]);
    expect(await auditConsumers(stack.db, ['notification', 'reporting'], 10 * 60_000)).toEqual([]);
    expect(await stack.db.reportingCaseFact.count()).toBe(results.length);
    process.stderr.write(
      `api kills: ${results.length} cases, ${killed} kills, ${leftUnstarted.size} cases left recorded but unstarted, in ${((Date.now() - began) / 1000).toFixed(0)} s\n`,
    );
  });
});
