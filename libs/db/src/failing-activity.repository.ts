import type { Database } from './prisma-client';

export interface ActivityFailure {
  workflowId: string;
  runId: string;
  activityId: string;
  activityType: string;
  attempt: number;
  error: string;
  /** False when Temporal will not try again (a non-retryable failure). */
  retrying: boolean;
  at: Date;
}

export interface FailingActivityRow {
  workflowId: string;
  runId: string;
  activityId: string;
  activityType: string;
  attempt: number;
  lastError: string;
  retrying: boolean;
  firstFailedAt: Date;
  lastFailedAt: Date;
}

// An error message is for a person to read at a glance; stack-sized texts would bloat the table.
const MAX_ERROR_LENGTH = 1000;

/**
 * Activities whose latest attempt failed, one row per workflow and activity type: an upsert per
 * failed attempt and a delete on success keep the table as small as the trouble is, so the ops
 * overview reads it with one query however many workflows run.
 */
export class FailingActivityRepository {
  constructor(private readonly db: Database) {}

  async recordFailure(failure: ActivityFailure): Promise<void> {
    const lastError =
      failure.error.length > MAX_ERROR_LENGTH
        ? `${failure.error.slice(0, MAX_ERROR_LENGTH - 1)}…`
        : failure.error;
    const latest = {
      runId: failure.runId,
      activityId: failure.activityId,
      attempt: failure.attempt,
      lastError,
      retrying: failure.retrying,
      lastFailedAt: failure.at,
    };
    await this.db.failingActivity.upsert({
      where: {
        workflowId_activityType: { workflowId: failure.workflowId, activityType: failure.activityType },
      },
      create: {
        workflowId: failure.workflowId,
        activityType: failure.activityType,
        firstFailedAt: failure.at,
        ...latest,
      },
      update: latest,
    });
  }

  /** The activity type succeeded in that workflow: it is no longer failing. */
  async clear(workflowId: string, activityType: string): Promise<void> {
    await this.db.failingActivity.deleteMany({ where: { workflowId, activityType } });
  }

  /** The most recently failed first, and how many there are in all. */
  async latest(limit: number): Promise<{ total: number; rows: FailingActivityRow[] }> {
    const [total, rows] = await Promise.all([
      this.db.failingActivity.count(),
      this.db.failingActivity.findMany({ orderBy: { lastFailedAt: 'desc' }, take: limit }),
    ]);
    return { total, rows };
  }
}
