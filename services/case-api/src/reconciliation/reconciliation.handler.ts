import { Inject, Injectable } from '@nestjs/common';
import {
  Client,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import type { AppConfig } from '@bishan/config';
import {
  manualReconciliationWorkflowId,
  monthlyReconciliationWorkflowType,
  signOffReconciliationUpdate,
  type MonthlyReconciliationInput,
  type ReconciliationStatus,
} from '@bishan/contracts';
import { ReconciliationRepository, snapshotContentHash, type Database } from '@bishan/db';
import type { Actor } from '@bishan/domain';
import { APP_CONFIG, DATABASE } from '@bishan/service-runtime';
import { TEMPORAL_CLIENT } from '../temporal/temporal-client.provider';
import { alreadyStarted, reconciliationNotFound, signOffRefused, snapshotNotFound } from './reconciliation-problems';

const parseJson = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

/** Reads come from the reconciliation tables; starting and signing go to the workflow. */
@Injectable()
export class ReconciliationHandler {
  private readonly store: ReconciliationRepository;

  constructor(
    @Inject(DATABASE) db: Database,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.store = new ReconciliationRepository(db);
  }

  async list(month: string | undefined) {
    const runs = await this.store.listRuns({ month });
    return { items: runs.map((run) => ({ ...run, requiredSignOffs: parseJson(run.requiredSignOffs) })) };
  }

  async get(id: string) {
    const run = await this.store.findRun(id);
    if (!run) throw reconciliationNotFound(id);
    const [mismatches, signOffs] = await Promise.all([this.store.mismatchesOf(id), this.store.signOffsOf(id)]);
    return {
      ...run,
      requiredSignOffs: parseJson(run.requiredSignOffs),
      mismatches: mismatches.map((m) => ({ ...m, ledger: parseJson(m.ledger), workflow: parseJson(m.workflow) })),
      signOffs,
    };
  }

  async mismatches(id: string) {
    return { items: (await this.get(id)).mismatches };
  }

  async start(month: string): Promise<{ reconciliationId: string; month: string }> {
    const { taskQueue } = this.config.temporal;
    const reconciliationId = manualReconciliationWorkflowId(taskQueue, month);
    const input: MonthlyReconciliationInput = { month };
    if (await this.store.snapshotOf(month)) throw alreadyStarted(month);
    try {
      await this.temporal.workflow.start(monthlyReconciliationWorkflowType, {
        workflowId: reconciliationId,
        taskQueue,
        args: [input],
        // A month started by hand is started once, even after its run has finished.
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) throw alreadyStarted(month);
      throw error;
    }
    return { reconciliationId, month };
  }

  async signOff(id: string, actor: Actor, slot: string, note: string | undefined): Promise<ReconciliationStatus> {
    try {
      return await this.temporal.workflow
        .getHandle(id)
        .executeUpdate(signOffReconciliationUpdate, { args: [{ slot, actor, ...(note ? { note } : {}) }] });
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) {
        // A finished run takes no more updates; if its books are here, it was closed, not lost.
        const run = await this.store.findRun(id);
        if (!run) throw reconciliationNotFound(id);
        throw signOffRefused(`wrong-state: the reconciliation is ${run.status}, not awaiting sign-off`);
      }
      if (error instanceof WorkflowUpdateFailedError) throw signOffRefused(error.cause?.message ?? error.message);
      throw error;
    }
  }

  async snapshot(month: string) {
    const snapshot = await this.store.snapshotOf(month);
    if (!snapshot) throw snapshotNotFound(month);
    return {
      month: snapshot.month,
      reconciliationId: snapshot.runId,
      storedAt: snapshot.storedAt,
      contentHash: snapshot.contentHash,
      // Recomputed on every read: a row changed behind the triggers' back would show here.
      contentMatchesHash: snapshotContentHash(snapshot.content) === snapshot.contentHash,
      content: JSON.parse(snapshot.content) as unknown,
    };
  }
}
