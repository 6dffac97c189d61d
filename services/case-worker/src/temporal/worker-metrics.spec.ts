import type { Database } from '@bishan/db';
import { metricsRegistry } from '@bishan/service-runtime';
import type { FailingActivityRecorder } from './failing-activity.interceptor';
import { countingFailures, registerWorkerGauges, START_PENDING_AFTER_MS, STUCK_AFTER_MS } from './worker-metrics';

const valueOf = async (name: string, labels: Record<string, string> = {}) => {
  const metric = (await metricsRegistry.getMetricsAsJSON()).find((m) => m.name === name);
  const point = (metric?.values as { value: number; labels: Record<string, string> }[] | undefined)?.find((v) =>
    Object.entries(labels).every(([k, l]) => v.labels[k] === l),
  );
  return point?.value;
};

describe('worker metrics', () => {
  it('counts each failed activity attempt by type and whether it is retried, and still records it', async () => {
    const recorded: string[] = [];
    const recorder: FailingActivityRecorder = {
      recordFailure: async (f) => void recorded.push(f.activityType),
      clear: async () => undefined,
    };
    const counting = countingFailures(recorder);
    const failure = { workflowId: 'w', runId: 'r', activityId: '1', activityType: 'recordStep', attempt: 2, error: 'x', at: new Date() };
    await counting.recordFailure({ ...failure, retrying: true });
    await counting.recordFailure({ ...failure, retrying: true });
    await counting.recordFailure({ ...failure, retrying: false });
    expect(recorded).toEqual(['recordStep', 'recordStep', 'recordStep']);
    expect(await valueOf('bishan_activity_failures_total', { activity_type: 'recordStep', retrying: 'true' })).toBe(2);
    expect(await valueOf('bishan_activity_failures_total', { activity_type: 'recordStep', retrying: 'false' })).toBe(1);
  });

  it('reads failing activities, stuck cases and cases waiting to start from the database when scraped', async () => {
    const now = new Date('2026-12-04T08:00:00Z');
    const queries: unknown[] = [];
    const pendingQueries: unknown[] = [];
    const db = {
      failingActivity: { count: async () => 4 },
      case: {
        count: async (query: unknown) => {
          queries.push(query);
          return 2;
        },
      },
      pendingCaseStart: {
        count: async (query: unknown) => {
          pendingQueries.push(query);
          return 3;
        },
      },
    } as unknown as Database;
    registerWorkerGauges(db, () => now);
    expect(await valueOf('bishan_failing_activities')).toBe(4);
    expect(await valueOf('bishan_stuck_cases')).toBe(2);
    expect(await valueOf('bishan_case_starts_pending')).toBe(3);
    // Each scrape asks again: open cases whose next deadline is more than STUCK_AFTER_MS old…
    expect(queries.at(-1)).toEqual({
      where: { status: { not: 'closed' }, nextDeadlineAt: { not: null, lt: new Date(now.getTime() - STUCK_AFTER_MS) } },
    });
    // …and marks older than START_PENDING_AFTER_MS, which the sweeper would have cleared if it could.
    expect(pendingQueries.at(-1)).toEqual({ where: { createdAt: { lt: new Date(now.getTime() - START_PENDING_AFTER_MS) } } });
  });
});
