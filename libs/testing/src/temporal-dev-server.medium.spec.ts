import path from 'node:path';
import { readFileSync, rmSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { workspaceRoot } from '@bishan/config';
import { freePort } from './free-port';
import { waitFor } from './wait-for';
import { searchAttributes, startTemporalDevServer } from './temporal-dev-server';

/** Every Temporal server the project starts knows the case workflows' typed search attributes. */
describe('startTemporalDevServer', () => {
  it('registers the case search attributes with their types', async () => {
    const port = await freePort();
    const dbFile = path.join(workspaceRoot(), `.local/test-data/search-attributes-${port}.db`);
    const server = await startTemporalDevServer({ port, dbFile });
    const connection = await Connection.connect({ address: server.address });
    try {
      // Its pid is the server's own process (the bench reads its CPU time).
      expect(readFileSync(`/proc/${server.pid}/cmdline`, 'utf8')).toContain(dbFile);
      const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
      const registered = Object.fromEntries(
        Object.entries(customAttributes ?? {}).map(([name, type]) => [name, temporal.api.enums.v1.IndexedValueType[type]]),
      );
      const wanted = searchAttributes();
      expect(Object.keys(wanted).sort()).toEqual([
        'CaseConcentrated',
        'CaseEscalationLevel',
        'CaseHandlingDepartment',
        'CaseOverdue',
        'CasePolicyVersion',
        'CaseStatus',
        'CaseSupervisionLevel',
        'CaseTown',
      ]);
      for (const [name, type] of Object.entries(wanted)) expect([name, registered[name]]).toEqual([name, `INDEXED_VALUE_TYPE_${type.toUpperCase()}`]);
    } finally {
      await connection.close();
      await server.stop();
      for (const suffix of ['', '-wal', '-shm', '.server.log']) rmSync(`${dbFile}${suffix}`, { force: true });
    }
  }, 120_000);

  it('fires a timer set less than a second ahead on time, not at the end of its read-ahead', async () => {
    // A delayed start is a server timer like a case's deadline, and needs no worker to show when it
    // fired: the first workflow task is scheduled then. With the server's default read-ahead (1 s)
    // a timer due within it fires up to a second late (dev-server-dynamic-config.json).
    const port = await freePort();
    const dbFile = path.join(workspaceRoot(), `.local/test-data/timer-read-ahead-${port}.db`);
    const server = await startTemporalDevServer({ port, dbFile });
    const connection = await Connection.connect({ address: server.address });
    try {
      const client = new Client({ connection });
      const lateness: number[] = [];
      for (const n of [1, 2, 3]) {
        const handle = await client.workflow.start('noWorkerListens', {
          taskQueue: 'nobody-polls',
          workflowId: `delayed-${n}`,
          startDelay: 300,
        });
        const scheduled = await eventTime(client, handle.workflowId, 'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED');
        const started = await eventTime(client, handle.workflowId, 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED');
        lateness.push(scheduled - started - 300);
      }
      // Each fired within half a second of its due time (the default would be up to a second late).
      expect(lateness.filter((ms) => ms < 0 || ms > 500)).toEqual([]);
    } finally {
      await connection.close();
      await server.stop();
      for (const suffix of ['', '-wal', '-shm', '.server.log']) rmSync(`${dbFile}${suffix}`, { force: true });
    }
  }, 120_000);
});

/** The server's time of the workflow's first event of `type`, once it is in the history. */
function eventTime(client: Client, workflowId: string, type: keyof typeof temporal.api.enums.v1.EventType): Promise<number> {
  const wanted = temporal.api.enums.v1.EventType[type];
  return waitFor(
    async () => {
      const history = await client.workflow.getHandle(workflowId).fetchHistory();
      const at = history.events?.find((e) => e.eventType === wanted)?.eventTime;
      return at ? Number(at.seconds ?? 0) * 1000 + Math.floor((at.nanos ?? 0) / 1e6) : undefined;
    },
    { description: `${type} in ${workflowId}'s history`, timeoutMs: 10_000, intervalMs: 100 },
  );
}
