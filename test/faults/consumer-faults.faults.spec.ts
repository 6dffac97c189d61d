import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { workspaceRoot } from '@bishan/config';
import { createDatabase, type Database } from '@bishan/db';
import {
  engineAddresses,
  freePort,
  startKafkaBroker,
  startService,
  startTestStack,
  waitFor,
  type KafkaBroker,
  type ServiceName,
  type ServiceProcess,
  type TestStack,
} from '@bishan/testing';
import { actors, postJson, tangledLinesCase, tokenFor } from '../e2e/bishan-actors';

const CONSUMERS = ['notification', 'reporting'] as const;
type Consumer = (typeof CONSUMERS)[number];

/**
 * The consumers against a broker of the suite's own, which it kills and stops: a consumer killed
 * between applying a message and committing its offset applies it once; a broker away for a
 * minute loses nothing. Effects are checked through the dedup rows (one per consumer and event)
 * and the reporting facts, against the outbox as the list of everything that was published.
 */
describe('consumers under broker faults', () => {
  let broker: KafkaBroker;
  let stack: TestStack;
  let db: Database;
  let consumerEnv: Record<string, string>;
  const consumers = new Map<Consumer, ServiceProcess>();
  const holdDir = path.join(workspaceRoot(), '.local/test-data', `consumer-holds-${process.pid}`);

  beforeAll(async () => {
    broker = await startKafkaBroker({ label: 'consumer-faults' });
    // Topic and group names of the suite's own, so the consumers started here by hand agree with the stack's relay.
    const names = { KAFKA_TOPIC_PREFIX: 'faults.', KAFKA_CONSUMER_GROUP_PREFIX: 'faults-' };
    stack = await startTestStack({
      label: 'consumer-faults',
      services: ['case-api', 'case-worker'],
      env: { KAFKA_BROKERS: broker.brokers, ...names },
    });
    db = await createDatabase(stack.db.url);
    consumerEnv = {
      NODE_ENV: 'test',
      DATABASE_URL: stack.db.url,
      TEMPORAL_ADDRESS: engineAddresses().temporal,
      TEMPORAL_TASK_QUEUE: stack.taskQueue,
      KAFKA_BROKERS: broker.brokers,
      ...names,
    };
  }, 300_000);

  afterAll(async () => {
    await Promise.all([...consumers.values()].map((c) => c.stop()));
    await db?.$disconnect();
    await stack?.stop();
    await broker?.remove();
    rmSync(holdDir, { recursive: true, force: true });
  }, 120_000);

  const startConsumer = async (name: Consumer, extraEnv: Record<string, string> = {}) => {
    const service = await startService(
      name as ServiceName,
      { ...consumerEnv, ...extraEnv },
      { port: await freePort(), label: `consumer-faults-${name}` },
    );
    consumers.set(name, service);
    return service;
  };

  const raiseCase = async (): Promise<string> => {
    const api = stack.service('case-api');
    const answer = await postJson(
      `${api.url}/cases`,
      tangledLinesCase(),
      await tokenFor(api.url, actors.dengfengSecretary),
    );
    expect(answer.status).toBe(201);
    return answer.body.id as string;
  };

  /** Every event the relay has published so far, by id. */
  const publishedEventIds = async () =>
    (await db.outboxEvent.findMany({ where: { publishedAt: { not: null } }, select: { eventId: true } }))
      .map((e) => e.eventId)
      .sort();

  const processedBy = async (consumer: Consumer) =>
    (await db.processedEvent.findMany({ where: { consumer }, select: { eventId: true } }))
      .map((e) => e.eventId)
      .sort();

  /** Waits until the outbox is drained and each consumer has applied exactly the published events. */
  const everyEventAppliedOnce = (timeoutMs: number) =>
    waitFor(
      async () => {
        if ((await db.outboxEvent.count({ where: { publishedAt: null } })) > 0) return undefined;
        const published = await publishedEventIds();
        for (const consumer of CONSUMERS) {
          const processed = await processedBy(consumer);
          if (processed.length !== published.length) return undefined;
          expect(processed).toEqual(published);
        }
        return published;
      },
      {
        description: 'every published event applied by notification and reporting',
        timeoutMs,
        intervalMs: 1_000,
      },
    );

  it('applies once a message whose consumer was killed after applying it and before committing its offset', async () => {
    mkdirSync(holdDir, { recursive: true });
    for (const name of CONSUMERS) await startConsumer(name, { EVENT_CONSUMER_HOLD_BEFORE_COMMIT: holdDir });

    const caseId = await raiseCase();
    const holdFile = (name: Consumer) => path.join(holdDir, `faults-${name}.held`);
    await waitFor(async () => (CONSUMERS.every((name) => existsSync(holdFile(name))) ? true : undefined), {
      description: 'both consumers to hold between their database commit and their offset commit',
      timeoutMs: 60_000,
    });
    // Inside the window: each has applied its first run of events — one, or the case's first few
    // together (effects and dedup rows committed) — and committed no offset.
    const applied = new Map<Consumer, string[]>();
    for (const name of CONSUMERS) {
      const rows = await processedBy(name);
      expect(rows.length).toBeGreaterThanOrEqual(1);
      expect(rows.every((id) => id.startsWith(`${caseId}/`))).toBe(true);
      applied.set(name, rows);
    }
    expect(await db.reportingCaseFact.count({ where: { caseId } })).toBe(1);

    for (const name of CONSUMERS) await consumers.get(name)!.kill();
    const restarted = new Map<Consumer, ServiceProcess>();
    for (const name of CONSUMERS) restarted.set(name, await startConsumer(name));

    const published = await everyEventAppliedOnce(120_000);
    expect(published.filter((id) => id.startsWith(`${caseId}/`)).length).toBeGreaterThanOrEqual(2);
    // The held events came again (their offsets were never committed) and were recognised, not re-applied.
    for (const name of CONSUMERS) {
      const log = readFileSync(restarted.get(name)!.logFile, 'utf8');
      for (const eventId of applied.get(name)!) expect(log).toContain(`${eventId} already applied; skipped`);
    }
    const fact = await db.reportingCaseFact.findUniqueOrThrow({ where: { caseId } });
    expect(fact).toMatchObject({ category: '线路整治', townId: 'laifeng' });
  }, 300_000);

  it('loses nothing while the broker is away for a minute, and applies each event once when it returns', async () => {
    for (const name of CONSUMERS) if (!consumers.has(name)) await startConsumer(name);
    await everyEventAppliedOnce(60_000);
    const casesBefore = await db.case.count();

    await broker.stop();
    const stoppedAt = Date.now();
    const raisedDuringOutage: string[] = [];
    for (let i = 0; i < 3; i += 1) raisedDuringOutage.push(await raiseCase());
    // The API took them; their events wait in the outbox (a publish attempt fails only after the
    // client's own retries, about a minute, so its failure is not waited for here).
    await waitFor(
      async () => {
        const waiting = new Set(
          (await db.outboxEvent.findMany({ where: { publishedAt: null }, select: { key: true } })).map(
            (e) => e.key,
          ),
        );
        return raisedDuringOutage.every((id) => waiting.has(id)) ? true : undefined;
      },
      { description: 'the new cases’ events held in the outbox', timeoutMs: 40_000 },
    );
    // The outage itself lasts a minute; cases keep arriving until its end.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, stoppedAt + 50_000 - Date.now())));
    for (let i = 0; i < 2; i += 1) raisedDuringOutage.push(await raiseCase());
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, stoppedAt + 60_000 - Date.now())));
    const heldAtTheEnd = await db.outboxEvent.findMany({
      where: { publishedAt: null },
      select: { key: true },
    });
    expect(new Set(heldAtTheEnd.map((e) => e.key))).toEqual(new Set(raisedDuringOutage));
    await broker.start();

    const published = await everyEventAppliedOnce(240_000);
    for (const caseId of raisedDuringOutage) {
      expect(published.some((id) => id.startsWith(`${caseId}/`))).toBe(true);
      expect(await db.reportingCaseFact.findUnique({ where: { caseId } })).toMatchObject({
        category: '线路整治',
        townId: 'laifeng',
      });
    }
    expect(await db.case.count()).toBe(casesBefore + raisedDuringOutage.length);
    expect(await db.reportingCaseFact.count()).toBe(casesBefore + raisedDuringOutage.length);
  }, 480_000);
});
