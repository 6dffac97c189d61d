import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { CaseActivities, RecordEscalationInput } from '@bishan/contracts';
import { workflowBundleOptions } from '@bishan/service-runtime';
import { createTimeSkippingEnvironment } from '@bishan/testing';
import { caseWorkflow } from './case.workflow';

describe('caseWorkflow on skipped time', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  const taskQueue = `case-workflow-${randomUUID()}`;
  const escalations: RecordEscalationInput[] = [];

  beforeAll(async () => {
    env = await createTimeSkippingEnvironment();
    const activities: CaseActivities = {
      recordEscalation: async (input) => {
        escalations.push(input);
        return { recorded: true };
      },
    };
    worker = await Worker.create({ connection: env.nativeConnection, taskQueue, ...workflowBundleOptions(), activities });
    running = worker.run();
  }, 120_000);

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
  });

  it('sleeps until the claim deadline, then escalates exactly at it', async () => {
    const start = env.currentTimeMs ? await env.currentTimeMs() : Date.now();
    const claimDeadlineAt = new Date(start + 2 * 24 * 3600 * 1000).toISOString();
    const caseId = `case-${randomUUID()}`;

    const result = await env.client.workflow.execute(caseWorkflow, {
      workflowId: caseId,
      taskQueue,
      args: [{ caseId, claimDeadlineAt }],
    });

    expect(result).toEqual({ caseId, outcome: 'escalated' });
    expect(escalations).toEqual([
      {
        caseId,
        step: 1,
        reason: 'claim window ended without a claim',
        escalatedTo: 'supervising-district-leader',
        deadlineAt: claimDeadlineAt,
        occurredAt: expect.any(String),
      },
    ]);
    // Skipped time: the escalation happens at the deadline (to the timer's resolution), not now.
    const lateness = Date.parse(escalations[0]!.occurredAt) - Date.parse(claimDeadlineAt);
    expect(lateness).toBeGreaterThanOrEqual(0);
    expect(lateness).toBeLessThan(1_000);
  });
});
