import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { caseWorkflowType, concentratedIssueSweepScheduleId, monthlyReconciliationScheduleId, type CaseWorkflowInput } from '@bishan/contracts';
import { createDatabase, type Database } from '@bishan/db';
import { latestPolicy, type Actor, type RaiseCase } from '@bishan/domain';
import { startTestStack, waitFor, type TestStack } from '@bishan/testing';

/**
 * Concentrated issues (集中突出问题) on the real server: the worker keeps a schedule; a run of it
 * finds three 环境卫生 cases in 来凤街道 within the policy's window and puts each under the top
 * district leaders, while a case of another category stays as it was.
 */
describe('the concentrated-issue sweep', () => {
  let stack: TestStack;
  let db: Database;
  let temporal: Client;
  let taskQueue: string;
  let scheduleId: string;

  beforeAll(async () => {
    stack = await startTestStack({ label: 'sweep', services: ['case-worker'], env: { CLUSTER_SWEEP_INTERVAL_MINUTES: '60' } });
    ({ temporal, taskQueue } = stack);
    scheduleId = `${concentratedIssueSweepScheduleId}:${taskQueue}`;
    db = await createDatabase(stack.db.url);
  });

  afterAll(async () => {
    // The worker keeps its periodic jobs together: the monthly reconciliation's schedule came with the sweep's.
    for (const id of [scheduleId, `${monthlyReconciliationScheduleId}:${taskQueue}`])
      await temporal?.schedule.getHandle(id).delete().catch(() => undefined);
    await db?.$disconnect();
    await stack?.stop();
  });

  // Started on Temporal directly (the sweep is what is under test, not the API), so the actor is
  // given as the rules see it.
  const secretary: Actor = {
    id: 'dengfeng-secretary',
    role: 'village-secretary',
    townId: 'laifeng',
    villageId: 'dengfeng',
  };
  const raise = (category: string): RaiseCase & { policyVersion: string } => ({
    type: 'raiseCase',
    policyVersion: latestPolicy().version,
    caseId: `${taskQueue}-${randomUUID()}`,
    actor: secretary,
    category,
    description: `${category}:7社与三星村交界的支路无人清扫`,
    complexity: 'simple',
    channel: 'meeting',
    location: { townId: 'laifeng', villageId: 'dengfeng' },
    reporterIds: ['resident-dengfeng-1'],
  });

  it('flags every member of a cluster, once, and nothing else', async () => {
    const schedule = await temporal.schedule.getHandle(scheduleId).describe();
    expect(schedule.spec.intervals).toEqual([expect.objectContaining({ every: 60 * 60 * 1000 })]);

    const cluster = [raise('环境卫生'), raise('环境卫生'), raise('环境卫生')];
    const bystander = raise('房屋改造');
    for (const command of [...cluster, bystander]) {
      const input: CaseWorkflowInput = { caseId: command.caseId, raise: command };
      await temporal.workflow.start(caseWorkflowType, {
        workflowId: command.caseId,
        taskQueue,
        args: [input],
      });
    }
    await waitFor(async () => ((await db.case.count()) === 4 ? true : undefined), {
      description: 'the four cases in the read model',
    });

    await temporal.schedule.getHandle(scheduleId).trigger();
    const flagged = await waitFor(
      async () => {
        const rows = await db.case.findMany({ where: { concentrated: true }, select: { id: true } });
        return rows.length === 3 ? rows.map((r) => r.id).sort() : undefined;
      },
      { description: 'the three clustered cases to be flagged', timeoutMs: 60_000 },
    );
    expect(flagged).toEqual(cluster.map((c) => c.caseId).sort());
    expect((await db.case.findUnique({ where: { id: bystander.caseId } }))?.concentrated).toBe(false);

    const entries = await db.caseTimelineEntry.findMany({ where: { type: 'caseFlaggedConcentrated' } });
    expect(entries.map((e) => e.caseId).sort()).toEqual(flagged);
    expect(entries.every((e) => e.actorRole === 'system')).toBe(true);
    const view = JSON.parse(
      (await db.case.findUniqueOrThrow({ where: { id: cluster[0]!.caseId } })).view,
    ) as { supervision: { level: string } };
    expect(view.supervision.level).toBe('topDistrictLeaders');

    // The first run's own result; it must be over before the next trigger, which the schedule
    // would otherwise skip (overlapping runs are skipped by design).
    const sweepRun = async (index: number) => {
      const action = await waitFor(
        async () => (await temporal.schedule.getHandle(scheduleId).describe()).info.recentActions[index],
        { description: `sweep run ${index + 1} to start` },
      );
      return temporal.workflow.getHandle(action.action.workflow.workflowId).result();
    };
    expect(await sweepRun(0)).toEqual({ clusters: 1, flagged: 3 });

    // A second run finds the cluster fully flagged and changes nothing.
    await temporal.schedule.getHandle(scheduleId).trigger();
    expect(await sweepRun(1)).toEqual({ clusters: 0, flagged: 0 });
    expect(await db.caseTimelineEntry.count({ where: { type: 'caseFlaggedConcentrated' } })).toBe(3);
  });
});
