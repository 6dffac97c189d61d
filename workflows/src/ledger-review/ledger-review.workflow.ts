import {
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  proxyActivities,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import {
  decideLedgerItemUpdate,
  ledgerReviewStatusQuery,
  ledgerReviewWorkflowId,
  rejectionFailure,
  signLedgerReviewUpdate,
  type LedgerReviewActivities,
  type LedgerReviewInput,
  type LedgerReviewRoundInput,
  type LedgerReviewStatus,
} from '@bishan/contracts/workflows';
import {
  currentLedgerReviewPolicy,
  decideItem,
  decideReviewSignOff,
  findLedgerReviewPolicy,
  previousShanghaiMonth,
  reviewSchedule,
  type DecidedItem,
} from '@bishan/domain';

const activities = proxyActivities<LedgerReviewActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '1 minute', maximumAttempts: 10 },
});

/**
 * 对账销号 of one unit's ledger for one month (libs/domain/src/ledger-review): opens the sheet, takes
 * the leader's line decisions and signature as updates (each validated by the domain and recorded by
 * an activity before it counts), reminds before the sign-off deadline and escalates to the
 * supervising district leader when it passes unsigned, and ends once signed. An empty sheet closes
 * at once.
 */
export async function ledgerReviewWorkflow(input: LedgerReviewInput): Promise<LedgerReviewStatus> {
  const reviewId = workflowInfo().workflowId;
  const policy = (input.policyVersion ? findLedgerReviewPolicy(input.policyVersion) : undefined) ?? currentLedgerReviewPolicy();
  const schedule = reviewSchedule(input.period, policy);
  const status: LedgerReviewStatus = {
    reviewId,
    period: input.period,
    unit: input.unit,
    policyVersion: policy.version,
    phase: 'opening',
    dueAt: schedule.dueAt,
    items: [],
    decided: [],
    remindedAt: null,
    escalatedAt: null,
    signedOff: null,
  };
  const now = () => new Date(Date.now()).toISOString();
  const decidedIds = () => new Set(status.decided.map((d) => d.caseId));
  // A signature being recorded counts as given: a second one is refused meanwhile.
  let signing = false;
  const signed = () => status.signedOff !== null;

  setHandler(ledgerReviewStatusQuery, () => status);
  setHandler(
    decideLedgerItemUpdate,
    async (command) => {
      const result = decideItem(status.unit, status.items, decidedIds(), command, { now: Date.now(), policy, signedOff: signed() || signing });
      if (!result.ok) throw rejectionFailure(result);
      // Claimed before the activity so an overlapping update for the same line is refused; given
      // back if it could not be recorded, so the leader can try again.
      const claimed: DecidedItem = result.decided;
      status.decided.push(claimed);
      try {
        await activities.recordLedgerItemDecision({ reviewId, decided: claimed });
      } catch (error) {
        status.decided = status.decided.filter((d) => d !== claimed);
        throw error;
      }
      return status;
    },
    {
      validator: (command) => {
        if (status.phase !== 'open') throw new Error(`wrong-state: the review is ${status.phase}`);
        const result = decideItem(status.unit, status.items, decidedIds(), command, { now: Date.now(), policy, signedOff: signed() || signing });
        // `code: reason`, so the API answers with the status the refusal deserves.
        if (!result.ok) throw rejectionFailure(result);
      },
    },
  );
  setHandler(
    signLedgerReviewUpdate,
    async (command) => {
      const result = decideReviewSignOff(status.unit, status.items, decidedIds(), command, signed() || signing);
      if (!result.ok) throw rejectionFailure(result);
      signing = true;
      const at = now();
      try {
        await activities.signOffLedgerReview({ reviewId, signerId: command.actor.id, signerName: result.signerName, at });
      } finally {
        signing = false;
      }
      status.signedOff = { signerId: command.actor.id, signerName: result.signerName, at };
      status.phase = 'signedOff';
      return status;
    },
    {
      validator: (command) => {
        if (status.phase !== 'open') throw new Error(`wrong-state: the review is ${status.phase}`);
        const result = decideReviewSignOff(status.unit, status.items, decidedIds(), command, signed() || signing);
        if (!result.ok) throw rejectionFailure(result);
      },
    },
  );

  const { items } = await activities.openLedgerReview({ reviewId, period: input.period, unit: input.unit, dueAt: schedule.dueAt, policyVersion: policy.version });
  status.items = items;
  if (items.length === 0) {
    const at = now();
    await activities.signOffLedgerReview({ reviewId, signerId: 'system', signerName: '', at });
    status.signedOff = { signerId: 'system', signerName: '', at };
    status.phase = 'signedOff';
    return status;
  }
  status.phase = 'open';

  // At least a millisecond: a deadline already past is a timer that fires at once, never "no timeout".
  const until = (iso: string) => Math.max(1, Date.parse(iso) - Date.now());
  if (!(await condition(signed, until(schedule.remindAt)))) {
    await activities.remindLedgerReview({ reviewId, undecided: status.items.length - status.decided.length });
    status.remindedAt = now();
  }
  if (!(await condition(signed, until(schedule.dueAt)))) {
    await activities.escalateLedgerReview({ reviewId, undecided: status.items.length - status.decided.length });
    status.escalatedAt = now();
  }
  // The signature's own recording finishes (and its caller gets an answer) before the run ends.
  await condition(signed);
  await condition(allHandlersFinished);
  return status;
}

/**
 * The month's round (the worker's schedule, on the 1st): one review per town and per department,
 * each its own workflow that outlives the round. A unit whose review was already started by hand
 * keeps it.
 */
export async function ledgerReviewRoundWorkflow(input: LedgerReviewRoundInput = {}): Promise<{ period: string; started: number }> {
  const period = input.period ?? previousShanghaiMonth(Date.now());
  const { taskQueue } = workflowInfo();
  let started = 0;
  for (const unit of await activities.listLedgerReviewUnits()) {
    try {
      await startChild(ledgerReviewWorkflow, {
        workflowId: ledgerReviewWorkflowId(taskQueue, period, unit),
        args: [{ period, unit }],
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
      started += 1;
    } catch (error) {
      // WorkflowExecutionAlreadyStartedError (from @temporalio/common, outside the workflow fence).
      if ((error as Error).name !== 'WorkflowExecutionAlreadyStartedError') throw error;
    }
  }
  return { period, started };
}

/**
 * A domain refusal as the update's failure: the message is `code: reason` (the API answers with the
 * status the refusal deserves), and the rejection itself rides along so the API can name the field
 * and its rule for a form.
 */
