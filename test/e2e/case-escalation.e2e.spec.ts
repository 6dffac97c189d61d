import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { caseEscalatedV1, createCaseEvent, topics } from '@bishan/contracts';
import { createKafka, EventPublisher } from '@bishan/messaging';
import {
  createTestDatabase,
  engineAddresses,
  freePort,
  startService,
  waitFor,
  type ServiceProcess,
  type TestDatabase,
} from '@bishan/testing';

/**
 * The plumbing end to end on the real engines: POST /cases → case row + workflow → deadline timer
 * fires → escalation row + outbox row in one transaction → relay → Kafka → notification and
 * reporting each apply the event exactly once.
 */
describe('a case whose claim window passes is escalated, and both consumers hear of it once', () => {
  const engines = engineAddresses();
  const runId = randomUUID().slice(0, 8);
  let db: TestDatabase;
  let services: Record<'api' | 'worker' | 'notification' | 'reporting', ServiceProcess>;
  let temporal: Client;

  beforeAll(async () => {
    db = await createTestDatabase('e2e');
    const env = {
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      TEMPORAL_ADDRESS: engines.temporal,
      TEMPORAL_TASK_QUEUE: `e2e-${runId}`,
      KAFKA_BROKERS: engines.kafkaBrokers,
      KAFKA_CONSUMER_GROUP_PREFIX: `e2e-${runId}-`,
      CASE_CLAIM_WINDOW_MS: '3000',
    };
    const [api, worker, notification, reporting] = await Promise.all(
      (['case-api', 'case-worker', 'notification', 'reporting'] as const).map(async (name) =>
        startService(name, env, { port: await freePort(), label: `e2e-${runId}` }),
      ),
    );
    services = { api: api!, worker: worker!, notification: notification!, reporting: reporting! };
    temporal = new Client({ connection: await Connection.connect({ address: engines.temporal }) });
  });

  afterAll(async () => {
    await Promise.all(Object.values(services ?? {}).map((s) => s.stop()));
    await temporal?.connection.close();
    db?.remove();
  });

  const getJson = async <T>(url: string): Promise<T> => {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    return (await response.json()) as T;
  };

  it('runs the whole path, and a redelivered event changes nothing', async () => {
    const description = '电力和网络线路杂乱,存在安全隐患,能否规范安装? 🔌';
    const created = await fetch(`${services.api.url}/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ category: '线路整治', description, townId: 'laifeng', villageId: 'dengfeng' }),
    });
    expect(created.status).toBe(201);
    const raised = (await created.json()) as { id: string; workflowId: string; status: string };
    expect(raised).toMatchObject({ status: 'raised', workflowId: raised.id });

    // The workflow id is the case id, and it waits on its deadline timer.
    const handle = temporal.workflow.getHandle(raised.id);
    expect((await handle.describe()).status.name).toBe('RUNNING');

    const escalated = await waitFor(
      async () => {
        const found = await getJson<{ status: string; description: string; escalations: { step: number; escalatedTo: string }[] }>(
          `${services.api.url}/cases/${raised.id}`,
        );
        return found.status === 'escalated' ? found : undefined;
      },
      { description: 'the case to be escalated', timeoutMs: 60_000 },
    );
    expect(escalated.description).toBe(description);
    expect(escalated.escalations).toEqual([expect.objectContaining({ step: 1, escalatedTo: 'supervising-district-leader' })]);
    expect(await handle.result()).toEqual({ caseId: raised.id, outcome: 'escalated' });

    type Message = { recipient: string; body: string; eventId: string };
    const inbox = await waitFor(
      async () => {
        const messages = await getJson<Message[]>(`${services.notification.url}/notifications?caseId=${raised.id}`);
        return messages.length > 0 ? messages : undefined;
      },
      { description: 'the escalation notice', timeoutMs: 30_000 },
    );
    expect(inbox).toEqual([
      expect.objectContaining({ recipient: 'supervising-district-leader', eventId: `${raised.id}/escalated/1` }),
    ]);
    expect(inbox[0]!.body).toContain('已超期升级');

    type Facts = { escalationCount: number; category: string | null };
    const facts = await waitFor(
      async () => {
        const found = await getJson<Facts | null>(`${services.reporting.url}/reports/cases/${raised.id}`);
        return found && found.escalationCount > 0 && found.category ? found : undefined;
      },
      { description: 'the reporting facts of the case', timeoutMs: 30_000 },
    );
    expect(facts).toMatchObject({ escalationCount: 1, category: '线路整治' });

    // Redeliver the same escalation (as after a consumer crash before its offset commit), then a
    // new one on the same key. Same key → same partition → consumed in order, so once the second
    // shows up, the duplicate has been seen and must have changed nothing.
    const kafka = createKafka({ brokers: engines.kafkaBrokers.split(','), clientId: `e2e-${runId}` });
    const publisher = new EventPublisher(kafka);
    const event = (step: number) =>
      createCaseEvent(caseEscalatedV1, {
        eventId: `${raised.id}/escalated/${step}`,
        caseId: raised.id,
        occurredAt: new Date().toISOString(),
        payload: { step, reason: 'redelivery check', escalatedTo: 'top-district-leader', deadlineAt: new Date().toISOString() },
      });
    try {
      await publisher.publish(
        [event(1), event(2)].map((e) => ({ topic: topics.caseEvents, key: e.caseId, value: JSON.stringify(e) })),
      );
    } finally {
      await publisher.disconnect();
    }
    const after = await waitFor(
      async () => {
        const found = await getJson<Facts>(`${services.reporting.url}/reports/cases/${raised.id}`);
        return found.escalationCount >= 2 ? found : undefined;
      },
      { description: 'the second escalation to reach reporting', timeoutMs: 30_000 },
    );
    expect(after.escalationCount).toBe(2);
    const messages = await waitFor(
      async () => {
        const list = await getJson<Message[]>(`${services.notification.url}/notifications?caseId=${raised.id}`);
        return list.length >= 2 ? list : undefined;
      },
      { description: 'the second notice', timeoutMs: 30_000 },
    );
    expect(messages.map((m) => m.eventId).sort()).toEqual([`${raised.id}/escalated/1`, `${raised.id}/escalated/2`]);
  });

  it('refuses a malformed case with a problem document and starts nothing', async () => {
    const response = await fetch(`${services.api.url}/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ category: '', description: 'x', unexpected: true }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await response.json()) as { errors: { field: string }[] };
    expect(problem.errors.map((e) => e.field)).toEqual(expect.arrayContaining(['body.category', 'body']));
    const workflows = temporal.workflow.list({ query: `TaskQueue = "e2e-${runId}"` });
    let count = 0;
    for await (const _ of workflows) count += 1;
    expect(count).toBe(1);
  });
});
