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
      CASE_CLAIM_WINDOW_MS: '8000',
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
    return (history.events ?? []).map((event) => Object.keys(event).find((key) => key.endsWith('EventAttributes')));
  };

  it('keeps the workflow and its timer across the restart, and fires the deadline that fell due meanwhile', async () => {
    const response = await fetch(`${api.url}/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ category: '环境卫生', description: '7社与三星村交界的支路不在保洁范围内' }),
    });
    expect(response.status).toBe(201);
    const { id, claimDeadlineAt } = (await response.json()) as { id: string; claimDeadlineAt: string };

    let connection = await Connection.connect({ address: server.address });
    let client = new Client({ connection });
    await waitFor(async () => ((await eventTypes(client, id)).includes('timerStartedEventAttributes') ? true : undefined), {
      description: 'the deadline timer to be started',
      timeoutMs: 30_000,
    });
    await connection.close();

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

      const escalated = await waitFor(
        async () => {
          const found = (await (await fetch(`${api.url}/cases/${id}`)).json()) as { status: string; escalations: unknown[] };
          return found.status === 'escalated' ? found : undefined;
        },
        { description: 'the overdue case to be escalated after the restart', timeoutMs: 90_000 },
      );
      expect(escalated.escalations).toHaveLength(1);
      const after = await eventTypes(client, id);
      expect(after).toContain('timerFiredEventAttributes');
      expect((await client.workflow.getHandle(id).describe()).status.name).toBe('COMPLETED');
    } finally {
      await connection.close();
    }
  });
});
