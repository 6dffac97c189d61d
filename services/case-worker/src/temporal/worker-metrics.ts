import type { Database } from '@bishan/db';
import { activityFailuresTotal, registerSampledGauge } from '@bishan/service-runtime';
import type { FailingActivityRecorder } from './failing-activity.interceptor';

/**
 * How long past its next deadline an open case may stay before it counts as stuck: its workflow's
 * timer fires at the deadline and records the step within seconds, moving the read model's next
 * deadline on. Minutes past means the workflow is not making progress (worker gone, workflow task
 * failing, Temporal unreachable).
 */
export const STUCK_AFTER_MS = 5 * 60_000;

/**
 * How old a start-pending mark may grow before it counts: the API clears its own at once and the
 * sweeper takes any older than its 10-second grace every few seconds, so a mark a minute old is a
 * case the sweeper could not start (Temporal away, or the start refused) — a case with no timers.
 */
export const START_PENDING_AFTER_MS = 60_000;

/** The recorder the failing-activity interceptor writes to, counting each failed attempt on the way. */
export function countingFailures(recorder: FailingActivityRecorder): FailingActivityRecorder {
  return {
    recordFailure: (failure) => {
      activityFailuresTotal.inc({ activity_type: failure.activityType, retrying: String(failure.retrying) });
      return recorder.recordFailure(failure);
    },
    clear: (workflowId, activityType) => recorder.clear(workflowId, activityType),
  };
}

/**
 * Gauges read from the database at scrape time (every worker instance reports the same numbers, so
 * the alert rules take their max): activities failing now, open cases stuck past a deadline, and
 * recorded cases still without their workflow.
 */
export function registerWorkerGauges(db: Database, clock: () => Date = () => new Date()): void {
  registerSampledGauge(
    'bishan_failing_activities',
    'Activities whose latest attempt failed, one per workflow and activity type',
    () => db.failingActivity.count(),
  );
  registerSampledGauge(
    'bishan_escalations_unacknowledged',
    'Open cases whose latest escalation nobody it went to (nor a supervising leader) has acknowledged',
    () => db.case.count({ where: { status: { not: 'closed' }, escalationUnseen: true } }),
  );
  registerSampledGauge(
    'bishan_stuck_cases',
    `Open cases whose next deadline passed more than ${STUCK_AFTER_MS / 60_000} minutes ago without their workflow recording it`,
    () =>
      db.case.count({
        where: { status: { not: 'closed' }, nextDeadlineAt: { not: null, lt: new Date(clock().getTime() - STUCK_AFTER_MS) } },
      }),
  );
  registerSampledGauge(
    'bishan_case_starts_pending',
    `Recorded cases whose workflow has not started for more than ${START_PENDING_AFTER_MS / 60_000} minute (no timers run for them)`,
    () => db.pendingCaseStart.count({ where: { createdAt: { lt: new Date(clock().getTime() - START_PENDING_AFTER_MS) } } }),
  );
}
