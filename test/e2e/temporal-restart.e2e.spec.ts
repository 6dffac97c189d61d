import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { workspaceRoot } from '@bishan/config';
import {
  createTestDatabase,
  engineAddresses,
  freePort,
  startService,
  startTemporalDevServer,
  waitFor,
  type ServiceProcess,
  type TemporalDevServer,
  type TestDatabase,
} from '@bishan/testing';
import { actors, getJson, postJson, tangledLinesCase, tokenFor } from './bishan-actors';

/**
 * The Temporal dev server keeps its state in a SQLite file: a case started before a restart is
 * still running after it, with its deadline timer, and a deadline that fell due while the server
 * was down fires once it is back.
 */
describe('a Temporal server restart keeps a case and its pending deadline', () => {
  const runId = randomUUID().slice(0, 8);
  const dbFile = path.join(workspaceRoot(), `.local/test-data/temporal-restart-${runId}.db`);
  let port: number;
  let server: TemporalDevServer;
  let db: TestDatabase;
  let api: ServiceProcess;
  let worker: ServiceProcess;

  beforeAll(async () => {
    port = await freePort();
    server = await startTemporalDevServer({ port, dbFile });
    db = await createTestDatabase('restart');
    const env = {
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      TEMPORAL_ADDRESS: server.address,
      TEMPORAL_TASK_QUEUE: `restart-${runId}`,
      KAFKA_BROKERS: engineAddresses().kafkaBrokers,
      // A working day lasts 2 s, so the claim window of a published case ends seconds later.
      CASE_POLICY_VERSION: 'demo-compressed',
    };
    [api, worker] = await Promise.all([
      startService('case-api', env, { port: await freePort(), label: `restart-${runId}` }),
      startService('case-worker', env, { port: await freePort(), label: `restart-${runId}` }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([api?.stop(), worker?.stop()]);
    await server?.stop();
    db?.remove();
  });

  const eventTypes = async (client: Client, workflowId: string) => {
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    return (history.events ?? []).map((event) =>
      Object.keys(event).find((key) => key.endsWith('EventAttributes')),
    );
  };

  it('keeps the workflow and its timer across the restart, and fires the deadline that fell due meanwhile', async () => {
    const admin = await tokenFor(api.url, actors.admin);
    const raised = await postJson(
      `${api.url}/cases`,
      tangledLinesCase(),
      await tokenFor(api.url, actors.dengfengSecretary),
    );
    expect(raised.status).toBe(201);
    const id: string = raised.body.id;
    const triaged = await postJson(
      `${api.url}/cases/${id}/actions/triageCase`,
      { route: 'district' },
      await tokenFor(api.url, actors.laifengTriage),
    );
    expect(triaged.status).toBe(200);
    const claimDeadlineAt: string = triaged.body.view.deadlines.find(
      (d: { kind: string }) => d.kind === 'claimWindow',
    ).dueAt;

    let connection = await Connection.connect({ address: server.address });
    let client = new Client({ connection });
    await waitFor(
      async () => ((await eventTypes(client, id)).includes('timerStartedEventAttributes') ? true : undefined),
      {
        description: 'the deadline timer to be started',
        timeoutMs: 30_000,
      },
    );
    await connection.close();
    const beforeStop = await getJson<{ type: string }[]>(`${api.url}/cases/${id}/timeline`, admin);
    expect(beforeStop.map((e) => e.type)).not.toContain('caseEscalated');

    await server.stop();
    // Stay down past the deadline, so the timer falls due while nobody is there to fire it.
    const downUntil = Date.parse(claimDeadlineAt) + 2_000;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, downUntil - Date.now())));
    server = await startTemporalDevServer({ port, dbFile });

    connection = await Connection.connect({ address: server.address });
    client = new Client({ connection });
    try {
      const history = await eventTypes(client, id);
      expect(history).toContain('workflowExecutionStartedEventAttributes');
      expect(history).toContain('timerStartedEventAttributes');

      type Entry = { type: string; at: string };
      const escalation = await waitFor(
        async () =>
          (await getJson<Entry[]>(`${api.url}/cases/${id}/timeline`, admin)).find(
            (e) => e.type === 'caseEscalated',
          ),
        { description: 'the overdue case to be escalated after the restart', timeoutMs: 90_000 },
      );
      // It fell due while the server was down, and is dated at the deadline itself.
      expect(escalation.at).toBe(claimDeadlineAt);
      const after = await eventTypes(client, id);
      expect(after).toContain('timerFiredEventAttributes');
      expect((await client.workflow.getHandle(id).describe()).status.name).toBe('RUNNING');
    } finally {
      await connection.close();
    }
  });
});
