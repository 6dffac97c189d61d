import type { CaseSnapshot, MonthlyReconciliationActivities } from '@bishan/contracts';
import type { LedgerCaseRow, ReconciliationRepository } from '@bishan/db';
import {
  compareCase,
  shanghaiMonthRange,
  type CaseView,
  type ReconciledCaseSide,
  type ReconciliationMismatch,
  type ResponsibleParties,
} from '@bishan/domain';

export interface MonthlyReconciliationDependencies {
  store: Pick<ReconciliationRepository, 'ledgerPage' | 'ledgerRow' | 'existingCaseIds' | 'recordRun' | 'recordSignOff' | 'storeSnapshot'>;
  /** The workflow's caseSnapshot query; 'missing' when no workflow of that id exists. */
  caseSnapshot: (caseId: string) => Promise<CaseSnapshot | 'missing'>;
  /** Ids of case workflows running now or started in [start, end), from Temporal visibility. */
  caseWorkflowIds: (range: { start: Date; end: Date }) => Promise<string[]>;
  /** Pause before a second look at a case whose two sides disagree while events are in flight. */
  settle: () => Promise<void>;
  clock: () => Date;
}

type SnapshotView = CaseSnapshot['view'];

/**
 * The reconciliation's activities. The ledger side is the read model's row; the workflow side is
 * the case workflow's own answer to caseSnapshot. The comparison itself is the domain's.
 */
export function createMonthlyReconciliationActivities(deps: MonthlyReconciliationDependencies): MonthlyReconciliationActivities {
  const rangeOf = (month: string) => {
    const { startMs, endMs } = shanghaiMonthRange(month);
    return { start: new Date(startMs), end: new Date(endMs) };
  };

  async function compareRow(row: LedgerCaseRow): Promise<ReconciliationMismatch[]> {
    const snapshot = await deps.caseSnapshot(row.caseId);
    return compareCase(row.caseId, ledgerSide(row), workflowSide(snapshot), responsibleFromLedger(row));
  }

  return {
    async compareLedgerPage({ month, after, limit }) {
      const range = rangeOf(month);
      const rows = await deps.store.ledgerPage(range, after, limit);
      const mismatches: ReconciliationMismatch[] = [];
      for (const row of rows) {
        let found = await compareRow(row);
        // The workflow decides first and the read model follows a moment later: a case whose
        // sides disagree while the workflow is ahead is looked at again before it is reported.
        const workflow = found[0]?.workflow;
        if (found.length > 0 && workflow && workflow.lastEventSeq > row.lastEventSeq) {
          await deps.settle();
          const fresh = await deps.store.ledgerRow(row.caseId);
          found = fresh ? await compareRow(fresh) : compareCase(row.caseId, null, workflow, responsibleFromLedger(row));
        }
        mismatches.push(...found);
      }
      return {
        mismatches,
        checked: rows.length,
        nextCursor: rows.length < limit ? null : (rows[rows.length - 1]?.caseId ?? null),
      };
    },

    async findWorkflowsWithoutLedgerRow({ month }) {
      const ids = await deps.caseWorkflowIds(rangeOf(month));
      const inLedger = await deps.store.existingCaseIds(ids);
      const mismatches: ReconciliationMismatch[] = [];
      for (const caseId of ids.filter((id) => !inLedger.has(id)).sort()) {
        const snapshot = await deps.caseSnapshot(caseId);
        const side = workflowSide(snapshot);
        if (!side || snapshot === 'missing') continue;
        mismatches.push(...compareCase(caseId, null, side, responsibleFromView(snapshot.view)));
      }
      return mismatches;
    },

    async recordReconciliation({ reconciliationId, month, casesChecked, mismatches, required }) {
      await deps.store.recordRun({
        id: reconciliationId,
        month,
        casesChecked,
        requiredSignOffs: required,
        comparedAt: deps.clock(),
        mismatches: mismatches.map((m) => ({
          caseId: m.caseId,
          kind: m.kind,
          ledger: m.ledger,
          workflow: m.workflow,
          ...m.responsible,
        })),
      });
    },

    async recordSignOff({ reconciliationId, signOff }) {
      await deps.store.recordSignOff(reconciliationId, { ...signOff, signedAt: new Date(signOff.signedAt) });
    },

    async storeMonthSnapshot({ reconciliationId, month, casesChecked, mismatches, signOffs }) {
      // Built from the input alone, in a fixed key order, so a retry hashes to the same value.
      const content = JSON.stringify({
        month,
        reconciliationId,
        casesChecked,
        mismatches: [...mismatches].sort((a, b) => compareKeys(`${a.caseId} ${a.kind}`, `${b.caseId} ${b.kind}`)),
        signOffs: [...signOffs].sort((a, b) => compareKeys(a.slot, b.slot)),
      });
      return deps.store.storeSnapshot({ month, runId: reconciliationId, content, storedAt: deps.clock() });
    },
  };
}

function ledgerSide(row: LedgerCaseRow): ReconciledCaseSide {
  return { status: row.status, nextDeadlineAt: row.nextDeadlineAt?.toISOString() ?? null, lastEventSeq: row.lastEventSeq };
}

function workflowSide(snapshot: CaseSnapshot | 'missing'): ReconciledCaseSide | null {
  if (snapshot === 'missing' || !isRaisedView(snapshot.view)) return null;
  return { status: snapshot.view.status, nextDeadlineAt: snapshot.view.nextDeadline?.dueAt ?? null, lastEventSeq: snapshot.eventSeq };
}

function isRaisedView(view: SnapshotView): view is CaseView {
  return view.status !== 'notRaised';
}

function responsibleFromLedger(row: LedgerCaseRow): ResponsibleParties {
  let view: Partial<CaseView> = {};
  try {
    view = JSON.parse(row.view) as Partial<CaseView>;
  } catch {
    // A row whose view is unreadable still has its town and handler columns.
  }
  return {
    departmentId: view.responsibility?.departmentId ?? (row.handlerLevel === 'district' ? row.handlerUnitId : null),
    townId: row.townId,
    personId: view.responsibility?.personId ?? null,
  };
}

function responsibleFromView(view: SnapshotView): ResponsibleParties {
  if (!isRaisedView(view)) return { departmentId: null, townId: null, personId: null };
  return {
    departmentId: view.responsibility?.departmentId ?? (view.handler?.level === 'district' ? view.handler.unitId : null),
    townId: view.location.townId,
    personId: view.responsibility?.personId ?? null,
  };
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
