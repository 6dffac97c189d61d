import { startKafkaBroker, type KafkaBroker } from '@bishan/testing';
import { inBatches } from '../bench/history';
import { ApiClient } from '../simulator/api-client';
import { startFaultStack, type FaultStack } from './support/fault-stack';
import { auditCases, auditConsumers } from './support/invariants';
import { caseBody, faultsApi, people, raiseAndDrive } from './support/loop-driver';
import { scaled } from './support/scale';

/**
 * The stack's own broker stopped for 60 s (FAULTS_SCALE shrinks it) while cases keep coming: the API
 * accepts every one of them meanwhile (events wait in the outbox), and once the broker is back every
 * event reaches both consumers, each applying it exactly once.
 */
describe('a Kafka outage under load', () => {
  const outageMs = scaled(60, 5) * 1000;
  let broker: KafkaBroker;
  let stack: FaultStack;

  beforeAll(async () => {
    broker = await startKafkaBroker({ label: 'faults-outage' });
    stack = await startFaultStack({
      label: 'faults-outage',
      services: { 'case-api': 1, 'case-worker': 1, notification: 1, reporting: 1 },
      env: { KAFKA_BROKERS: broker.brokers },
    });
  });

  afterAll(async () => {
    await stack?.stop();
    await broker?.remove();
  });

  it('keeps accepting cases, loses no event and applies each once per consumer', async () => {
    const began = Date.now();
    const url = stack.service('case-api').url;
    const looping = faultsApi(url);
    // Cases round the whole loop, started before, during and after the outage.
    const loopCases = inBatches(
      Array.from({ length: scaled(40, 6) }, (_, i) => i),
      8,
      async (i) => {
        await new Promise((resolve) => setTimeout(resolve, (i * (outageMs + 10_000)) / scaled(40, 6)));
        return raiseAndDrive(looping, `outage-loop-${stack.runId}-${i}`, true, 20 * 60_000);
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 3_000));

    await broker.stop();
    // Raised during the outage with no retry at all: each one must be accepted the first time.
    const strict = new ApiClient(url, 30_000, 0);
    const duringOutage: string[] = [];
    const refused: number[] = [];
    const outageEnds = Date.now() + outageMs;
    while (Date.now() < outageEnds) {
      const answer = await strict.post(
        people.secretary,
        '/cases',
        'raiseCase',
        caseBody(true, 'during the outage'),
      );
      if (answer.status === 201) duringOutage.push(answer.body.id);
      else refused.push(answer.status);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const backlog = await stack.db.outboxEvent.count({ where: { publishedAt: null } });
    await broker.start();

    const looped = await loopCases;
    expect(refused).toEqual([]);
    expect(duringOutage.length).toBeGreaterThan(0);
    expect(backlog).toBeGreaterThan(0);
    const ids = [...looped.map((c) => c.id), ...duringOutage];
    expect(await auditCases(stack.db, ids)).toEqual([]);
    expect(await auditConsumers(stack.db, ['notification', 'reporting'], 10 * 60_000)).toEqual([]);
    expect(await stack.db.reportingCaseFact.count()).toBe(ids.length);
    process.stderr.write(
      `kafka outage: ${outageMs / 1000} s outage, ${ids.length} cases, backlog ${backlog} events, ${((Date.now() - began) / 1000).toFixed(0)} s in all\n`,
    );
  });
});
