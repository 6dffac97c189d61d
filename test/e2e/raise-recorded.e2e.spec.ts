import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { workspaceRoot } from '@bishan/config';
import { engineAddresses, freePort, startTestStack, waitFor, type ServiceProcess, type TestStack } from '@bishan/testing';
import { actors, getJson, postJson, tangledLinesCase, tokenFor } from './bishan-actors';
import { devAuthSecret } from './dev-auth';

type CaseRow = { id: string; status: string; startPending: boolean; lastEventSeq: number };

/**
 * The case API records a raise itself (read model, timeline, outbox and a start-pending mark in one
 * transaction) and then starts the workflow with that decision: a case is readable the moment the
 * raise answers, and raising keeps working while Temporal is away — the case waits to start, and the
 * worker's sweeper starts it once the API could not.
 */
describe('raises recorded by the API', () => {
  let stack: TestStack;
  let api: ServiceProcess;
  const secret = devAuthSecret('raise-recorded');

  beforeAll(async () => {
    stack = await startTestStack({ label: 'raise-recorded', services: ['case-api', 'case-worker'], env: { DEV_AUTH_SECRET: secret } });
    api = stack.service('case-api');
  });

  afterAll(() => stack?.stop());

  const as = (person: (typeof actors)[keyof typeof actors], url = api.url) => tokenFor(url, person);
  const read = async (id: string) => getJson<CaseRow>(`${api.url}/cases/${id}`, await as(actors.admin));

  it('answers a read right after the raise, and a case solved on the spot is closed at once', async () => {
    const raised = await postJson(`${api.url}/cases`, tangledLinesCase(), await as(actors.dengfengSecretary));
    expect(raised.status).toBe(201);
    expect(raised.body).toMatchObject({ status: 'inLedger', startPending: false });
    // No wait: the API's own transaction wrote the read model before it answered.
    expect(await read(raised.body.id)).toMatchObject({ status: 'inLedger', startPending: false, lastEventSeq: 2 });

    const onSpot = await postJson(
      `${api.url}/cases`,
      { ...tangledLinesCase(), resolvedOnSpot: { summary: '现场理顺线路' } },
      await as(actors.dengfengSecretary),
    );
    expect(onSpot.body).toMatchObject({ status: 'closed', startPending: false });
    expect(await read(onSpot.body.id)).toMatchObject({ status: 'closed', lastEventSeq: 3 });
    const handle = stack.temporal.workflow.getHandle(onSpot.body.id);
    expect(await handle.result()).toMatchObject({ closure: 'resolvedOnSpot' });
    const history = await handle.fetchHistory();
    expect((history.events ?? []).filter((e) => e.activityTaskScheduledEventAttributes || e.markerRecordedEventAttributes)).toEqual([]);
  });

  it('takes a case while Temporal is away; the worker starts its workflow afterwards and the loop goes on', async () => {
    // A second API on the same database, pointed at a port where no Temporal answers.
    const port = await freePort();
    const deadTemporal = `127.0.0.1:${await freePort()}`;
    const child: ChildProcess = spawn(process.execPath, ['-r', '@swc-node/register', 'services/case-api/src/main.ts'], {
      cwd: workspaceRoot(),
      env: {
        ...process.env,
        NODE_ENV: 'test',
        SWC_NODE_PROJECT: 'tsconfig.base.json',
        DATABASE_URL: stack.db.url,
        TEMPORAL_ADDRESS: deadTemporal,
        TEMPORAL_TASK_QUEUE: stack.taskQueue,
        KAFKA_BROKERS: engineAddresses().kafkaBrokers,
        CASE_API_PORT: String(port),
        DEV_AUTH_SECRET: secret,
      },
      stdio: 'ignore',
    });
    const lonely = `http://127.0.0.1:${port}`;
    try {
      await waitFor(async () => ((await fetch(`${lonely}/health/live`).catch(() => undefined))?.ok ? true : undefined), {
        description: 'the API without Temporal answering',
        timeoutMs: 90_000,
      });
      const token = await as(actors.dengfengSecretary, lonely);
      const before = Date.now();
      const raised = await postJson(`${lonely}/cases`, tangledLinesCase(), token);
      const tookMs = Date.now() - before;
      expect(raised.status).toBe(201);
      expect(raised.body).toMatchObject({ status: 'inLedger', startPending: true });
      const id: string = raised.body.id;
      // Readable at once through either API; still pending unless the sweeper was quicker than this read.
      expect(await read(id)).toMatchObject({ status: 'inLedger' });
      expect(tookMs).toBeLessThan(10_000); // it did not hang on the unreachable server

      // The worker's sweeper starts it (after its grace period) with the recorded decision.
      const started = await waitFor(async () => {
        const row = await read(id);
        return row.startPending ? undefined : row;
      }, { description: 'the sweeper starting the pending case', timeoutMs: 60_000 });
      expect(started).toMatchObject({ status: 'inLedger', lastEventSeq: 2 });
      expect((await stack.temporal.workflow.getHandle(id).describe()).status.name).toBe('RUNNING');
      const triaged = await postJson(`${api.url}/cases/${id}/actions/triageCase`, { route: 'district' }, await as(actors.laifengTriage));
      expect(triaged.status).toBe(200);
      expect(triaged.body).toMatchObject({ eventSeq: 3, view: { status: 'published' } });
    } finally {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    }
  });
});
