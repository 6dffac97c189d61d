import { allHandlersFinished, condition, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  reconciliationStatusQuery,
  signOffReconciliationUpdate,
  type MonthlyReconciliationActivities,
  type MonthlyReconciliationInput,
  type ReconciliationPage,
  type ReconciliationStatus,
  type SignOffRecord,
} from '@bishan/contracts/workflows';
import {
  decideSignOff,
  previousShanghaiMonth,
  requiredSignOffs,
  signOffSlotKey,
  type ReconciliationMismatch,
  type SignOffSlot,
} from '@bishan/domain';

const activities = proxyActivities<MonthlyReconciliationActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '1 minute', maximumAttempts: 10 },
});

// The snapshot refuses a second, different write for a month: retrying that cannot succeed.
const { storeMonthSnapshot } = proxyActivities<MonthlyReconciliationActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '1 minute', maximumAttempts: 10, nonRetryableErrorTypes: ['SnapshotConflict'] },
});

export const DEFAULT_RECONCILIATION_BATCH = 200;

/**
 * The operations reconciliation of one month: compares the ledger with every relevant case workflow (in pages, through
 * activities), records the mismatches, waits for the responsible department, unit and person to
 * sign, then stores the month's immutable snapshot. Who may sign is the domain's decideSignOff.
 */
export async function monthlyReconciliationWorkflow(input: MonthlyReconciliationInput = {}): Promise<ReconciliationStatus> {
  const reconciliationId = workflowInfo().workflowId;
  const month = input.month ?? previousShanghaiMonth(Date.now());
  const batchSize = input.batchSize ?? DEFAULT_RECONCILIATION_BATCH;
  const status: ReconciliationStatus = {
    reconciliationId,
    month,
    phase: 'comparing',
    casesChecked: 0,
    mismatches: 0,
    required: [],
    signOffs: [],
    snapshotHash: null,
  };
  let required: SignOffSlot[] = [];

  setHandler(reconciliationStatusQuery, () => status);
  setHandler(
    signOffReconciliationUpdate,
    async ({ slot, actor, note }) => {
      const decision = decideSignOff(required, status.signOffs.map((s) => s.slot), slot, actor);
      if (!decision.ok) throw new Error(`${decision.code}: ${decision.reason}`);
      const signOff: SignOffRecord = {
        slot,
        signerId: actor.id,
        signerRole: actor.role,
        signedAt: new Date(Date.now()).toISOString(),
        note: note ?? null,
      };
      // Claimed before the activity so an overlapping update for the same slot is refused; given
      // back if it could not be recorded, so the signer can try again.
      status.signOffs.push(signOff);
      try {
        await activities.recordSignOff({ reconciliationId, signOff });
      } catch (error) {
        status.signOffs = status.signOffs.filter((given) => given !== signOff);
        throw error;
      }
      return status;
    },
    {
      validator: ({ slot, actor }) => {
        if (status.phase !== 'awaitingSignOff') throw new Error(`wrong-state: the reconciliation is ${status.phase}, not awaiting sign-off`);
        const decision = decideSignOff(required, status.signOffs.map((s) => s.slot), slot, actor);
        // `code: reason`, so the API answers with the status the refusal deserves.
        if (!decision.ok) throw new Error(`${decision.code}: ${decision.reason}`);
      },
    },
  );

  const mismatches: ReconciliationMismatch[] = [];
  for (let after: string | null = null; ; ) {
    const page: ReconciliationPage = await activities.compareLedgerPage({ month, after, limit: batchSize });
    mismatches.push(...page.mismatches);
    status.casesChecked += page.checked;
    if (page.nextCursor === null) break;
    after = page.nextCursor;
  }
  const orphans = await activities.findWorkflowsWithoutLedgerRow({ month });
  mismatches.push(...orphans);
  status.casesChecked += orphans.length;
  status.mismatches = mismatches.length;
  required = requiredSignOffs(mismatches);
  status.required = required;
  await activities.recordReconciliation({ reconciliationId, month, casesChecked: status.casesChecked, mismatches, required });

  status.phase = 'awaitingSignOff';
  const allSigned = () => required.every((slot) => status.signOffs.some((s) => s.slot === signOffSlotKey(slot)));
  // The last signature's own recording finishes (and its caller gets an answer) before the month
  // closes; a signature whose recording failed is given back, and the wait goes on.
  do {
    await condition(allSigned);
    await condition(allHandlersFinished);
  } while (!allSigned());

  const { contentHash } = await storeMonthSnapshot({
    reconciliationId,
    month,
    casesChecked: status.casesChecked,
    mismatches,
    signOffs: status.signOffs,
  });
  status.snapshotHash = contentHash;
  status.phase = 'signedOff';
  return status;
}
