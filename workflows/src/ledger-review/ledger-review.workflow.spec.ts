import { randomUUID } from 'node:crypto';
import { Client, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import {
  decideLedgerItemUpdate,
  ledgerReviewStatusQuery,
  signLedgerReviewUpdate,
  type LedgerReviewActivities,
  type LedgerReviewPhase,
} from '@bishan/contracts';
import type { Actor, DecidedItem, ReviewItem, ReviewUnit } from '@bishan/domain';
import { createTimeSkippingEnvironment, waitFor } from '@bishan/testing';
import { workflowSpanSinks } from '@bishan/service-runtime';
import { bundleCaseWorkflow } from '../test-support/case-workflow-env';
import { ledgerReviewRoundWorkflow, ledgerReviewWorkflow } from './ledger-review.workflow';

const town: ReviewUnit = { kind: 'town', townId: 'laifeng' };
const leader: Actor = { id: 'laifeng-secretary', role: 'town-leader', townId: 'laifeng' };
const sign = { actor: leader, signature: '吴世明', registeredName: '吴世明' };

/** In-memory activities: a given sheet, and every call recorded. */
class FakeReviews {
  items: ReviewItem[] = [];
  opened: string[] = [];
  decisions: DecidedItem[] = [];
  reminded: { reviewId: string; undecided: number }[] = [];
  escalated: { reviewId: string; undecided: number }[] = [];
  signed: { signerId: string; signerName: string }[] = [];
  units: ReviewUnit[] = [];

  activities(): LedgerReviewActivities {
    return {
      openLedgerReview: async ({ reviewId }) => {
        this.opened.push(reviewId);
        return { items: this.items };
      },
      recordLedgerItemDecision: async ({ decided }) => {
        this.decisions.push(decided);
      },
      remindLedgerReview: async (input) => {
        this.reminded.push(input);
      },
      escalateLedgerReview: async (input) => {
        this.escalated.push(input);
      },
      signOffLedgerReview: async ({ signerId, signerName }) => {
        this.signed.push({ signerId, signerName });
      },
      listLedgerReviewUnits: async () => this.units,
    };
  }
}

describe('ledgerReviewWorkflow (对账销号)', () => {
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

  async function withWorker<T>(reviews: FakeReviews, body: (taskQueue: string) => Promise<T>): Promise<T> {
    const taskQueue = `ledger-review-${randomUUID()}`;
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: bundle, activities: reviews.activities(), sinks: workflowSpanSinks() });
    return worker.runUntil(body(taskQueue));
  }

  const phase = (handle: WorkflowHandle, wanted: LedgerReviewPhase) =>
    waitFor(async () => {
      const status = await handle.query(ledgerReviewStatusQuery);
      return status.phase === wanted ? status : undefined;
    }, { description: `the review ${wanted}` });

  const refusal = async (promise: Promise<unknown>) => {
    try {
      await promise;
      return 'accepted';
    } catch (error) {
      return error instanceof WorkflowUpdateFailedError ? (error.cause?.message ?? error.message) : String(error);
    }
  };

  it('takes each line once, refuses the sheet until all are decided, escalates a second carry-over, ends when signed', async () => {
    const reviews = new FakeReviews();
    reviews.items = [
      { caseId: 'closed-1', section: 'closed', carriedOverBefore: 0 },
      { caseId: 'open-1', section: 'open', carriedOverBefore: 1 },
    ];
    await withWorker(reviews, async (taskQueue) => {
      // A period far ahead: no timer comes due while the lines are decided.
      const handle = await client.workflow.start(ledgerReviewWorkflow, {
        workflowId: `review-${randomUUID()}`,
        taskQueue,
        args: [{ period: '2099-11', unit: town }],
      });
      const open = await phase(handle, 'open');
      expect(open).toMatchObject({ dueAt: '2099-12-05T16:00:00.000Z', items: reviews.items, decided: [] });

      expect(await refusal(handle.executeUpdate(signLedgerReviewUpdate, { args: [sign] }))).toBe('wrong-state: 2 line(s) of the sheet are not decided yet');
      expect(
        await refusal(
          handle.executeUpdate(decideLedgerItemUpdate, {
            args: [{ ...sign, caseId: 'closed-1', decision: { kind: 'strikeOff', resultChecked: true, ratingChecked: true }, actor: { ...leader, townId: 'zhengxing' } }],
          }),
        ),
      ).toMatch(/^forbidden: /);
      await handle.executeUpdate(decideLedgerItemUpdate, {
        args: [{ ...sign, caseId: 'closed-1', decision: { kind: 'strikeOff', resultChecked: true, ratingChecked: true } }],
      });
      expect(
        await refusal(
          handle.executeUpdate(decideLedgerItemUpdate, {
            args: [{ ...sign, caseId: 'closed-1', decision: { kind: 'strikeOff', resultChecked: true, ratingChecked: true } }],
          }),
        ),
      ).toMatch(/^wrong-state: /);
      await handle.executeUpdate(decideLedgerItemUpdate, {
        args: [{ ...sign, caseId: 'open-1', decision: { kind: 'carryOver', reason: '资金未到位', newTargetDate: '2099-12-31' } }],
      });
      expect(reviews.decisions.map((d) => [d.caseId, d.decision.kind, d.escalate])).toEqual([
        ['closed-1', 'strikeOff', false],
        ['open-1', 'carryOver', true],
      ]);

      const signed = await handle.executeUpdate(signLedgerReviewUpdate, { args: [sign] });
      expect(signed).toMatchObject({ phase: 'signedOff', signedOff: { signerId: 'laifeng-secretary', signerName: '吴世明' } });
      expect(await handle.result()).toMatchObject({ phase: 'signedOff', remindedAt: null, escalatedAt: null });
      expect(reviews.signed).toEqual([{ signerId: 'laifeng-secretary', signerName: '吴世明' }]);
    });
  });

  it('reminds before the deadline and escalates when it passes unsigned, then still takes the signature', async () => {
    const reviews = new FakeReviews();
    reviews.items = [{ caseId: 'closed-1', section: 'closed', carriedOverBefore: 0 }];
    await withWorker(reviews, async (taskQueue) => {
      const handle = await client.workflow.start(ledgerReviewWorkflow, {
        workflowId: `review-${randomUUID()}`,
        taskQueue,
        args: [{ period: '2026-11', unit: town }],
      });
      await phase(handle, 'open');
      // The test server's clock starts now; the November review is due 5 December (Shanghai).
      await env.sleep('40 days');
      const late = await handle.query(ledgerReviewStatusQuery);
      expect(late.remindedAt).not.toBeNull();
      expect(late.escalatedAt).not.toBeNull();
      expect(reviews.reminded).toEqual([{ reviewId: handle.workflowId, undecided: 1 }]);
      expect(reviews.escalated).toEqual([{ reviewId: handle.workflowId, undecided: 1 }]);
      await handle.executeUpdate(decideLedgerItemUpdate, {
        args: [{ ...sign, caseId: 'closed-1', decision: { kind: 'strikeOff', resultChecked: true, ratingChecked: true } }],
      });
      await handle.executeUpdate(signLedgerReviewUpdate, { args: [sign] });
      expect((await handle.result()).phase).toBe('signedOff');
    });
  });

  it('closes an empty sheet at once, and a round starts one review per unit, leaving a unit already started alone', async () => {
    const reviews = new FakeReviews();
    reviews.units = [town, { kind: 'department', departmentId: 'power-supply' }];
    await withWorker(reviews, async (taskQueue) => {
      const empty = await client.workflow.execute(ledgerReviewWorkflow, { workflowId: `review-${randomUUID()}`, taskQueue, args: [{ period: '2026-10', unit: town }] });
      expect(empty).toMatchObject({ phase: 'signedOff', signedOff: { signerId: 'system' } });

      await client.workflow.start(ledgerReviewWorkflow, {
        workflowId: `ledger-review:${taskQueue}:2026-09:town:laifeng`,
        taskQueue,
        args: [{ period: '2026-09', unit: town }],
      });
      const round = await client.workflow.execute(ledgerReviewRoundWorkflow, { workflowId: `round-${randomUUID()}`, taskQueue, args: [{ period: '2026-09' }] });
      expect(round).toEqual({ period: '2026-09', started: 1 });
      await waitFor(async () => (reviews.opened.includes(`ledger-review:${taskQueue}:2026-09:department:power-supply`) ? true : undefined), {
        description: "the department's review opened by the round",
      });
    });
  });
});
