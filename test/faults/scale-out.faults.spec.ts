import { inBatches } from '../bench/history';
import { startFaultStack, type FaultStack } from './support/fault-stack';
import { auditCases, auditConsumers, workflowOutcomes } from './support/invariants';
import { faultsApi, raiseAndDrive } from './support/loop-driver';
import { scaled } from './support/scale';

interface Outcome {
  cases: number;
  workflows: Record<string, number>;
  /** Each case's timeline as its sequence of event types, sorted: the same script must give the same multiset. */
  timelines: string[];
  reportingFacts: number;
  eventsPerConsumer: Record<string, number>;
  outboxEvents: number;
  problems: string[];
}

/**
 * The same script of cases against one of each service and against two workers, two API instances
 * and two reporting consumers (one consumer group) at once: the results must be the same. Under
 * policy 2025.1 no deadline falls due during the run, so the script alone decides every timeline.
 */
describe('two of each service give the same results as one of each', () => {
  const cases = scaled(200, 20);

  const run = async (stack: FaultStack): Promise<Outcome> => {
    const apis = stack.instances('case-api').map((a) => faultsApi(a.url));
    const driven = await inBatches(
      Array.from({ length: cases }, (_, i) => i),
      16,
      (i) => raiseAndDrive(apis[i % apis.length]!, `scale-${stack.runId}-${i}`, i % 2 === 1, 20 * 60_000),
    );
    const ids = driven.map((d) => d.id);
    const problems = [
      ...(await auditCases(stack.db, ids)),
      ...(await auditConsumers(stack.db, ['notification', 'reporting'], 10 * 60_000)),
    ];
    const entries = await stack.db.caseTimelineEntry.findMany({
      select: { caseId: true, seq: true, type: true },
      orderBy: [{ caseId: 'asc' }, { seq: 'asc' }],
    });
    const byCase = new Map<string, string[]>();
    for (const e of entries) byCase.set(e.caseId, [...(byCase.get(e.caseId) ?? []), e.type]);
    const eventsPerConsumer: Record<string, number> = {};
    for (const consumer of ['notification', 'reporting'])
      eventsPerConsumer[consumer] = await stack.db.processedEvent.count({ where: { consumer } });
    return {
      cases: driven.filter((d) => d.status === 'closed').length,
      workflows: await workflowOutcomes(stack.temporal, stack.env['TEMPORAL_TASK_QUEUE']!, 10 * 60_000),
      timelines: [...byCase.values()].map((types) => types.join(' ')).sort(),
      reportingFacts: await stack.db.reportingCaseFact.count(),
      eventsPerConsumer,
      outboxEvents: await stack.db.outboxEvent.count(),
      problems,
    };
  };

  it(`runs ${cases} cases both ways with equal outcomes`, async () => {
    const began = Date.now();
    const single = await startFaultStack({
      label: 'faults-single',
      services: { 'case-api': 1, 'case-worker': 1, notification: 1, reporting: 1 },
      env: { CASE_POLICY_VERSION: '2025.1' },
    });
    let one: Outcome;
    try {
      one = await run(single);
    } finally {
      await single.stop();
    }
    const doubled = await startFaultStack({
      label: 'faults-double',
      services: { 'case-api': 2, 'case-worker': 2, notification: 1, reporting: 2 },
      env: { CASE_POLICY_VERSION: '2025.1' },
    });
    let two: Outcome;
    try {
      two = await run(doubled);
    } finally {
      await doubled.stop();
    }
    expect(one.problems).toEqual([]);
    expect(two.problems).toEqual([]);
    expect(one.cases).toBe(cases);
    expect(two).toEqual(one);
    process.stderr.write(
      `scale-out: ${cases} cases on one and on two of each in ${((Date.now() - began) / 1000).toFixed(0)} s\n`,
    );
  });
});
