import { randomUUID } from 'node:crypto';
import { inBatches } from '../bench/history';
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

  it(`brings all ${cases} cases to their end through API kills, starting those a kill left unstarted`, async () => {
    const began = Date.now();
    // One address throughout: the API comes back where it was, as behind a load balancer.
    const api = faultsApi(stack.service('case-api').url);
    let driving = true;
    const driven = inBatches(
      Array.from({ length: cases }, (_, i) => i),
      32,
      // Mostly raises resolved on the spot (a raise and nothing else), so kills find raises in flight.
      (i) => raiseAndDrive(api, `api-kill-${stack.runId}-${i}`, i % 4 === 0, 30 * 60_000),
    ).finally(() => {
      driving = false;
    });
    let killed = 0;
    /** Cases a killed API had recorded but not (known to have) started: their marks outlived it. */
    const leftUnstarted = new Set<string>();
    while (driving && (killed < kills || (leftUnstarted.size === 0 && killed < kills + extraKills))) {
      await new Promise((resolve) => setTimeout(resolve, 500 + Math.random() * 1_500));
      await stack.killAndRestart(stack.service('case-api'), {
        samePort: true,
        beforeRestart: async () => {
          for (const mark of await stack.db.pendingCaseStart.findMany({ select: { caseId: true } })) leftUnstarted.add(mark.caseId);
        },
      });
      killed += 1;
    }
    const results = await driven;
    expect(killed).toBeGreaterThanOrEqual(kills);
    // The run exercised what it is about: at least one kill fell between a commit and a start.
    expect(leftUnstarted.size).toBeGreaterThan(0);
    expect(results.filter((r) => r.status === 'closed')).toHaveLength(cases);
    const ids = results.map((r) => r.id);
    expect(new Set(ids).size).toBe(cases);
    // Each case the kills left unstarted is one of the driven cases, and now has its one workflow.
    expect([...leftUnstarted].filter((id) => !ids.includes(id))).toEqual([]);

    expect(await workflowOutcomes(stack.temporal, stack.env['TEMPORAL_TASK_QUEUE']!, 10 * 60_000)).toEqual({
      COMPLETED: cases,
    });
    expect(await stack.db.pendingCaseStart.count()).toBe(0);
    expect(await auditCases(stack.db, ids)).toEqual([]);
    expect(await auditConsumers(stack.db, ['notification', 'reporting'], 10 * 60_000)).toEqual([]);
    expect(await stack.db.reportingCaseFact.count()).toBe(cases);
    process.stderr.write(
      `api kills: ${cases} cases, ${killed} kills, ${leftUnstarted.size} cases left recorded but unstarted, in ${((Date.now() - began) / 1000).toFixed(0)} s\n`,
    );
  });
});
