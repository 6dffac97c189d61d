import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { monthlyReconciliationWorkflowType } from '@bishan/contracts';
import { engineAddresses, waitFor } from '@bishan/testing';
import { ensureMonthlyReconciliationSchedule, reconciliationScheduleId } from './monthly-reconciliation-schedule';

/** On the shared Temporal dev server, with a task queue of the test's own (no worker polls it). */
describe('the monthly reconciliation schedule', () => {
  let client: Client;
  const taskQueue = `reconciliation-schedule-${randomUUID()}`;

  beforeAll(async () => {
    client = new Client({ connection: await Connection.connect({ address: engineAddresses().temporal }) });
  });

  afterAll(async () => {
    await client?.schedule.getHandle(reconciliationScheduleId(taskQueue)).delete().catch(() => undefined);
    await client?.connection.close();
  });

  it('is created once per task queue for 02:00 Shanghai on the 1st, and its trigger starts a reconciliation', async () => {
    const scheduleId = await ensureMonthlyReconciliationSchedule(client, taskQueue);
    // A second worker start finds it and leaves one schedule behind.
    expect(await ensureMonthlyReconciliationSchedule(client, taskQueue)).toBe(scheduleId);
    const handle = client.schedule.getHandle(scheduleId);
    const described = await handle.describe();
    expect(described.spec.timezone).toBe('Asia/Shanghai');
    expect(described.spec.calendars).toEqual([
      expect.objectContaining({
        dayOfMonth: [expect.objectContaining({ start: 1, end: 1 })],
        hour: [expect.objectContaining({ start: 2, end: 2 })],
        minute: [expect.objectContaining({ start: 0, end: 0 })],
      }),
    ]);
    expect(described.policies.overlap).toBe('ALLOW_ALL');
    expect(described.action).toMatchObject({ type: 'startWorkflow', workflowType: monthlyReconciliationWorkflowType, taskQueue });

    await handle.trigger();
    const action = await waitFor(async () => (await handle.describe()).info.recentActions[0], {
      description: 'the triggered reconciliation to start',
    });
    const started = client.workflow.getHandle(action.action.workflow.workflowId);
    expect((await started.describe()).type).toBe(monthlyReconciliationWorkflowType);
    await started.terminate('schedule test: no worker runs this queue');
  });
});
