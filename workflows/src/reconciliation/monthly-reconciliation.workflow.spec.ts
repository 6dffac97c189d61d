import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/common';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import {
  reconciliationStatusQuery,
  signOffReconciliationUpdate,
  type MonthlyReconciliationActivities,
  type ReconciliationPhase,
  type SignOffRecord,
} from '@bishan/contracts';
import { previousShanghaiMonth, type Actor, type ReconciliationMismatch } from '@bishan/domain';
import { createTimeSkippingEnvironment, waitFor } from '@bishan/testing';
import { workflowSpanSinks } from '@bishan/service-runtime';
import { HISTORIES_DIR, bundleCaseWorkflow } from '../test-support/case-workflow-env';
import { historyFromJson, historyToJson } from '../test-support/history-json';
import { monthlyReconciliationWorkflow } from './monthly-reconciliation.workflow';

const HISTORY_FILE = path.join(HISTORIES_DIR, 'monthly-reconciliation-signed-off.json');

const statusDiffers = (caseId: string, personId: string | null): ReconciliationMismatch => ({
  caseId,
  kind: 'statusDiffers',
  ledger: { status: 'closed', nextDeadlineAt: null, lastEventSeq: 5 },
  workflow: { status: 'inProgress', nextDeadlineAt: null, lastEventSeq: 5 },
  responsible: { departmentId: 'power-supply', townId: 'laifeng', personId },
});

const departmentLeader: Actor = { id: 'power-supply-leader-1', role: 'department-leader', departmentId: 'power-supply' };
const townLeader: Actor = { id: 'laifeng-secretary', role: 'town-leader', townId: 'laifeng' };
const handler: Actor = { id: 'power-supply-handler-1', role: 'department-handler', departmentId: 'power-supply' };

/** In-memory activities: the ledger is a list of pages of mismatches, and every call is recorded. */
class FakeReconciliationStore {
  pages: { mismatches: ReconciliationMismatch[]; checked: number }[] = [];
  orphans: ReconciliationMismatch[] = [];
  pageCalls: { after: string | null; limit: number; month: string }[] = [];
  recorded: Parameters<MonthlyReconciliationActivities['recordReconciliation']>[0][] = [];
  signOffs: SignOffRecord[] = [];
  /** Signatures whose recording fails for good, once each. */
  failNextSignOffs = 0;
  snapshots: Parameters<MonthlyReconciliationActivities['storeMonthSnapshot']>[0][] = [];

  activities(): MonthlyReconciliationActivities {
    return {
      compareLedgerPage: async ({ month, after, limit }) => {
        this.pageCalls.push({ month, after, limit });
        const index = after === null ? 0 : Number(after.replace('cursor-', ''));
        const page = this.pages[index] ?? { mismatches: [], checked: 0 };
        return { ...page, nextCursor: index + 1 < this.pages.length ? `cursor-${index + 1}` : null };
      },
      findWorkflowsWithoutLedgerRow: async () => this.orphans,
      recordReconciliation: async (input) => {
        this.recorded.push(input);
      },
      recordSignOff: async ({ signOff }) => {
        if (this.failNextSignOffs > 0) {
          this.failNextSignOffs -= 1;
          throw ApplicationFailure.nonRetryable('the signature store refused the row', 'StoreUnavailable');
        }
        this.signOffs.push(signOff);
      },
      storeMonthSnapshot: async (input) => {
        this.snapshots.push(input);
        return { contentHash: `hash-of-${input.month}` };
      },
    };
  }
}

describe('monthlyReconciliationWorkflow', () => {
  let env: TestWorkflowEnvironment;
  let bundle: WorkflowBundleWithSourceMap;
  let client: Client;

  beforeAll(async () => {
    [env, bundle] = await Promise.all([createTimeSkippingEnvironment(), bundleCaseWorkflow()]);
    client = new Client({ connection: env.connection });
  });

  afterAll(async () => {
    await env?.teardown();
  });

  async function withWorker<T>(store: FakeReconciliationStore, body: (taskQueue: string) => Promise<T>): Promise<T> {
    const taskQueue = `reconciliation-${randomUUID()}`;
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: bundle, activities: store.activities(), sinks: workflowSpanSinks() });
    return worker.runUntil(body(taskQueue));
  }

  it('compares page by page, waits for the department, unit and person, then stores the month', async () => {
    const store = new FakeReconciliationStore();
    store.pages = [
      { mismatches: [statusDiffers('c1', handler.id)], checked: 2 },
      { mismatches: [], checked: 2 },
      { mismatches: [statusDiffers('c5', null)], checked: 1 },
    ];
    store.orphans = [{ ...statusDiffers('c9', null), kind: 'readModelMissing', ledger: null }];

    await withWorker(store, async (taskQueue) => {
      const handle = await client.workflow.start(monthlyReconciliationWorkflow, {
        workflowId: `reconciliation-${randomUUID()}`,
        taskQueue,
        args: [{ month: '2026-10', batchSize: 2 }],
      });
      const awaiting = await waitForPhase(handle, 'awaitingSignOff');
      expect(store.pageCalls).toEqual([
        { month: '2026-10', after: null, limit: 2 },
        { month: '2026-10', after: 'cursor-1', limit: 2 },
        { month: '2026-10', after: 'cursor-2', limit: 2 },
      ]);
      expect(awaiting).toMatchObject({ month: '2026-10', casesChecked: 6, mismatches: 3, signOffs: [] });
      expect(awaiting.required.map((s) => `${s.role}:${s.partyId}`)).toEqual([
        'department:power-supply',
        'person:power-supply-handler-1',
        'unit:laifeng',
      ]);
      expect(store.recorded).toHaveLength(1);
      expect(store.recorded[0]!.mismatches.map((m) => `${m.caseId} ${m.kind}`)).toEqual(['c1 statusDiffers', 'c5 statusDiffers', 'c9 readModelMissing']);

      // The validator refuses a leader of another town and the wrong department: nothing is recorded.
      const refused = handle.executeUpdate(signOffReconciliationUpdate, {
        args: [{ slot: 'unit:laifeng', actor: { ...townLeader, id: 'zhengxing-secretary', townId: 'zhengxing' } }],
      });
      await expect(refused).rejects.toThrow(WorkflowUpdateFailedError);
      await expect(
        handle.executeUpdate(signOffReconciliationUpdate, { args: [{ slot: 'person:power-supply-handler-1', actor: departmentLeader }] }),
      ).rejects.toThrow(WorkflowUpdateFailedError);
      expect(store.signOffs).toEqual([]);

      await handle.executeUpdate(signOffReconciliationUpdate, { args: [{ slot: 'unit:laifeng', actor: townLeader, note: '已核对' }] });
      // The same slot twice is refused.
      await expect(
        handle.executeUpdate(signOffReconciliationUpdate, { args: [{ slot: 'unit:laifeng', actor: townLeader }] }),
      ).rejects.toThrow(WorkflowUpdateFailedError);
      await handle.executeUpdate(signOffReconciliationUpdate, { args: [{ slot: 'department:power-supply', actor: departmentLeader }] });
      expect(store.snapshots).toEqual([]);
      await handle.executeUpdate(signOffReconciliationUpdate, { args: [{ slot: 'person:power-supply-handler-1', actor: handler }] });

      const result = await handle.result();
      expect(result).toMatchObject({ phase: 'signedOff', snapshotHash: 'hash-of-2026-10' });
      expect(store.signOffs.map((s) => [s.slot, s.signerId, s.note])).toEqual([
        ['unit:laifeng', 'laifeng-secretary', '已核对'],
        ['department:power-supply', 'power-supply-leader-1', null],
        ['person:power-supply-handler-1', 'power-supply-handler-1', null],
      ]);
      expect(store.snapshots).toHaveLength(1);
      expect(store.snapshots[0]).toMatchObject({ month: '2026-10', casesChecked: 6 });
      expect(store.snapshots[0]!.signOffs).toHaveLength(3);

      if (process.env['RECORD_HISTORIES'] === '1') {
        mkdirSync(HISTORIES_DIR, { recursive: true });
        writeFileSync(HISTORY_FILE, historyToJson(await handle.fetchHistory()));
      }
    });
  });

  it('closes a month without mismatches at once, and by default reconciles the month before its start', async () => {
    const store = new FakeReconciliationStore();
    store.pages = [{ mismatches: [], checked: 3 }];
    await withWorker(store, async (taskQueue) => {
      const startedAt = await env.currentTimeMs();
      const result = await client.workflow.execute(monthlyReconciliationWorkflow, {
        workflowId: `reconciliation-${randomUUID()}`,
        taskQueue,
        args: [{}],
      });
      expect(result).toMatchObject({ phase: 'signedOff', mismatches: 0, required: [], signOffs: [] });
      expect(result.month).toBe(previousShanghaiMonth(startedAt));
      expect(store.snapshots).toHaveLength(1);
    });
  });

  it('gives a signature back when it could not be recorded, and waits for it again', async () => {
    const store = new FakeReconciliationStore();
    store.pages = [{ mismatches: [{ ...statusDiffers('c1', null), responsible: { departmentId: null, townId: 'laifeng', personId: null } }], checked: 1 }];
    store.failNextSignOffs = 1;
    await withWorker(store, async (taskQueue) => {
      const handle = await client.workflow.start(monthlyReconciliationWorkflow, {
        workflowId: `reconciliation-${randomUUID()}`,
        taskQueue,
        args: [{ month: '2026-09' }],
      });
      await waitForPhase(handle, 'awaitingSignOff');
      await expect(
        handle.executeUpdate(signOffReconciliationUpdate, { args: [{ slot: 'unit:laifeng', actor: townLeader }] }),
      ).rejects.toThrow(WorkflowUpdateFailedError);
      expect(await handle.query(reconciliationStatusQuery)).toMatchObject({ phase: 'awaitingSignOff', signOffs: [] });
      expect(store.snapshots).toEqual([]);

      await handle.executeUpdate(signOffReconciliationUpdate, { args: [{ slot: 'unit:laifeng', actor: townLeader }] });
      expect(await handle.result()).toMatchObject({ phase: 'signedOff', signOffs: [expect.objectContaining({ slot: 'unit:laifeng' })] });
      expect(store.snapshots).toHaveLength(1);
    });
  });

  it('replays its saved history', async () => {
    await Worker.runReplayHistory({ workflowBundle: bundle, sinks: workflowSpanSinks() }, historyFromJson(readFileSync(HISTORY_FILE, 'utf8')));
  });
});

async function waitForPhase(handle: WorkflowHandle<typeof monthlyReconciliationWorkflow>, phase: ReconciliationPhase) {
  return waitFor(
    async () => {
      const status = await handle.query(reconciliationStatusQuery);
      return status.phase === phase ? status : undefined;
    },
    { description: `the reconciliation to reach ${phase}`, intervalMs: 50 },
  );
}
