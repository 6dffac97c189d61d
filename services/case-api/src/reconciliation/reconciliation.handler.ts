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
import { ReconciliationRepository, snapshotContentHash, visibleCaseIds, type Database } from '@bishan/db';
import { signOffsShown, type Actor, type ResponsibleParties } from '@bishan/domain';
import { APP_CONFIG, DATABASE } from '@bishan/service-runtime';
import { VisibleCases } from '../cases/visible-cases';
import { TEMPORAL_CLIENT } from '../temporal/temporal-client.provider';
import {
  alreadyStarted,
  reconciliationNotFound,
  signOffRefused,
  snapshotNotFound,
} from './reconciliation-problems';

const parseJson = (text: string | null): unknown => (text === null ? null : JSON.parse(text));
const responsibleOf = (row: {
  departmentId: string | null;
  townId: string | null;
  personId: string | null;
}): { responsible: ResponsibleParties } => ({
  responsible: { departmentId: row.departmentId, townId: row.townId, personId: row.personId },
});

/** Reads come from the reconciliation tables; starting and signing go to the workflow. */
@Injectable()
export class ReconciliationHandler {
  private readonly store: ReconciliationRepository;

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly visible: VisibleCases,
  ) {
    this.store = new ReconciliationRepository(db);
  }

  /** The runs, each with the sign-offs it needs of the mismatches the reader may see. */
  async list(month: string | undefined, actor: Actor) {
    const runs = await this.store.listRuns({ month });
    const everything = this.visible.visibilityFor(actor) === 'all';
    const items = [];
    for (const run of runs) {
      const requiredSignOffs = everything
        ? parseJson(run.requiredSignOffs)
        : signOffsShown((await this.visibleMismatches(run.id, actor)).map(responsibleOf), []).required;
      items.push({ ...run, requiredSignOffs });
    }
    return { items };
  }

  /**
   * A run with the mismatches of the cases the reader may see (the case API's visibility rule), and
   * only the sign-offs (required and given, with their notes) that answer for those.
   */
  async get(id: string, actor: Actor) {
    const run = await this.store.findRun(id);
    if (!run) throw reconciliationNotFound(id);
    const [mismatches, signOffs] = await Promise.all([
      this.visibleMismatches(id, actor),
      this.store.signOffsOf(id),
    ]);
    const shown =
      this.visible.visibilityFor(actor) === 'all'
        ? { required: parseJson(run.requiredSignOffs), given: signOffs }
        : signOffsShown(mismatches.map(responsibleOf), signOffs);
    return {
      ...run,
      requiredSignOffs: shown.required,
      mismatches: mismatches.map((m) => ({
        ...m,
        ledger: parseJson(m.ledger),
        workflow: parseJson(m.workflow),
      })),
      signOffs: shown.given,
    };
  }

  private async visibleMismatches(runId: string, actor: Actor) {
    const all = await this.store.mismatchesOf(runId);
    const visible = await visibleCaseIds(
      this.db,
      all.map((m) => m.caseId),
      this.visible.visibilityFor(actor),
    );
    return all.filter((m) => visible.has(m.caseId));
  }

  async mismatches(id: string, actor: Actor) {
    return { items: (await this.get(id, actor)).mismatches };
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

  async signOff(
    id: string,
    actor: Actor,
    slot: string,
    note: string | undefined,
  ): Promise<ReconciliationStatus> {
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
      if (error instanceof WorkflowUpdateFailedError)
        throw signOffRefused(error.cause?.message ?? error.message);
      throw error;
    }
  }

  /**
   * A signed-off month's snapshot; its hash is checked over the whole content, and the reader is
   * shown the mismatches of the cases they may see only, and the signatures that answer for those.
   */
  async snapshot(month: string, actor: Actor) {
    const snapshot = await this.store.snapshotOf(month);
    if (!snapshot) throw snapshotNotFound(month);
    const content = JSON.parse(snapshot.content) as {
      mismatches?: { caseId: string; responsible: ResponsibleParties }[];
      signOffs?: { slot: string }[];
    } & Record<string, unknown>;
    const visibility = this.visible.visibilityFor(actor);
    if (visibility !== 'all' && Array.isArray(content.mismatches)) {
      const mismatches = content.mismatches;
      const visible = await visibleCaseIds(
        this.db,
        mismatches.map((m) => m.caseId),
        visibility,
      );
      content.mismatches = mismatches.filter((m) => visible.has(m.caseId));
      content.signOffs = signOffsShown(content.mismatches, content.signOffs ?? []).given;
    }
    return {
      month: snapshot.month,
      reconciliationId: snapshot.runId,
      storedAt: snapshot.storedAt,
      contentHash: snapshot.contentHash,
      // Recomputed on every read: a row changed behind the triggers' back would show here.
      contentMatchesHash: snapshotContentHash(snapshot.content) === snapshot.contentHash,
      content,
    };
  }
}
