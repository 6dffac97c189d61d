import { inBatches } from '../bench/history';
import { startFaultStack, type FaultStack } from './support/fault-stack';
import { auditCases, auditConsumers, workflowOutcomes } from './support/invariants';
import { faultsApi, raiseAndDrive } from './support/loop-driver';
import { scaled } from './support/scale';

/**
 * SIGKILL the worker 50 times while 1,000 cases go round the loop (FAULTS_SCALE shrinks both):
 * every case reaches its end state, none is lost, and no step is recorded, published or applied
 * twice — the workflow retries its recording activity, the repository skips what a killed attempt
 * already committed, and consumers dedupe by event id.
 */
describe('the worker killed again and again under load', () => {
  const cases = scaled(1_000, 20);
  const kills = scaled(50, 3);
  let stack: FaultStack;

  beforeAll(async () => {
    stack = await startFaultStack({
      label: 'faults-kill',
      services: { 'case-api': 1, 'case-worker': 1, notification: 1, reporting: 1 },
    });
  });

  afterAll(() => stack?.stop());

  it(`brings all ${cases} cases to their end, each effect once, through ${kills} kills`, async () => {
    const began = Date.now();
    const api = faultsApi(stack.service('case-api').url);
    let driving = true;
    const driven = inBatches(
      Array.from({ length: cases }, (_, i) => i),
      24,
      (i) =>
        // Half resolved on the spot, half round the whole loop: both kinds are in flight at each kill.
        raiseAndDrive(api, `kill-${stack.runId}-${i}`, i % 2 === 1, 30 * 60_000),
    ).finally(() => {
      driving = false;
    });
    let killed = 0;
    while (killed < kills && driving) {
      // Spread the kills over the run: a pause long enough for some work between two of them.
      await new Promise((resolve) => setTimeout(resolve, 1_000 + Math.random() * 2_000));
      await stack.killAndRestart(stack.service('case-worker'));
      killed += 1;
    }
    const results = await driven;
    expect(killed).toBe(kills);
    expect(results.filter((r) => r.status === 'closed')).toHaveLength(cases);
    const ids = results.map((r) => r.id);
    expect(new Set(ids).size).toBe(cases);

    expect(await workflowOutcomes(stack.temporal, stack.env['TEMPORAL_TASK_QUEUE']!, 10 * 60_000)).toEqual({
      COMPLETED: cases,
    });
    expect(await auditCases(stack.db, ids)).toEqual([]);
    expect(await auditConsumers(stack.db, ['notification', 'reporting'], 10 * 60_000)).toEqual([]);
    expect(await stack.db.reportingCaseFact.count()).toBe(cases);
    process.stderr.write(
      `worker kills: ${cases} cases, ${kills} kills in ${((Date.now() - began) / 1000).toFixed(0)} s\n`,
    );
  });
});
