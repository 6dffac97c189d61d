import type { Context } from '@temporalio/activity';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import type {
  ActivityExecuteInput,
  ActivityInboundCallsInterceptor,
  ActivityInterceptorsFactory,
  Next,
} from '@temporalio/worker';
import type { ActivityFailure } from '@bishan/db';

/** Where failed attempts go: FailingActivityRepository in the worker, a fake in tests. */
export interface FailingActivityRecorder {
  recordFailure(failure: ActivityFailure): Promise<void>;
  clear(workflowId: string, activityType: string): Promise<void>;
}

interface Log {
  warn(message: string): void;
}

/**
 * Records every failed attempt of a workflow's activity (upsert by workflow and activity type) and
 * logs a line; removes the record when a retry of it succeeds. The ops overview reads those rows,
 * so "what is failing now" costs one small query instead of describing thousands of workflows.
 *
 * Only an attempt after the first can have a record to remove, so a healthy activity costs no
 * write. A timed-out attempt never reaches this code (the worker may be gone): the next attempt's
 * success still clears an earlier record. Recording is best effort: its own failure is logged and
 * never changes the activity's outcome.
 */
export function failingActivityInterceptors(
  recorder: FailingActivityRecorder,
  log: Log,
  clock: () => Date = () => new Date(),
): ActivityInterceptorsFactory {
  return (ctx) => ({ inbound: new FailingActivityInterceptor(ctx, recorder, log, clock) });
}

class FailingActivityInterceptor implements ActivityInboundCallsInterceptor {
  constructor(
    private readonly ctx: Context,
    private readonly recorder: FailingActivityRecorder,
    private readonly log: Log,
    private readonly clock: () => Date,
  ) {}

  async execute(
    input: ActivityExecuteInput,
    next: Next<ActivityInboundCallsInterceptor, 'execute'>,
  ): Promise<unknown> {
    const { info } = this.ctx;
    const execution = info.workflowExecution;
    if (!execution) return next(input);
    let result: unknown;
    try {
      result = await next(input);
    } catch (error) {
      // A cancelled activity did what it was told (its workflow moved on): not a failure.
      if (!(error instanceof CancelledFailure)) {
        const retrying = !(error instanceof ApplicationFailure && error.nonRetryable);
        const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        this.log.warn(
          `activity ${info.activityType} (${info.activityId}) of workflow ${execution.workflowId} failed on attempt ${info.attempt}${retrying ? '' : ', not retryable'}: ${text}`,
        );
        await this.bestEffort('record', () =>
          this.recorder.recordFailure({
            workflowId: execution.workflowId,
            runId: execution.runId,
            activityId: info.activityId,
            activityType: info.activityType,
            attempt: info.attempt,
            error: text,
            retrying,
            at: this.clock(),
          }),
        );
      }
      throw error;
    }
    if (info.attempt > 1)
      await this.bestEffort('clear', () => this.recorder.clear(execution.workflowId, info.activityType));
    return result;
  }

  private async bestEffort(what: string, write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (error) {
      this.log.warn(`could not ${what} the failing-activity row: ${(error as Error).message}`);
    }
  }
}
