import { Inject, Injectable } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import type { AppConfig } from '@bishan/config';
import { caseSearchAttributeKeys, caseSearchQueries, inTaskQueue, topicsWithPrefix } from '@bishan/contracts';
import { FailingActivityRepository, PendingCaseStartRepository, type Database } from '@bishan/db';
import { topicBacklog, type ConsumerLag } from '@bishan/messaging';
import { APP_CONFIG, DATABASE, describeError } from '@bishan/service-runtime';
import { OrganisationStore } from '../organisation/organisation.store';
import { TEMPORAL_CLIENT } from '../temporal/temporal-client.provider';
import type { OpsOverviewQuery } from './ops.schemas';
import { OutboxOpsHandler } from './outbox-ops.handler';

// Temporal's execution statuses as its visibility query language spells them.
const executionStatuses = ['Running', 'Completed', 'Failed', 'Canceled', 'Terminated', 'TimedOut', 'ContinuedAsNew'] as const;

/** A case still in the ledger this long after it was raised counts as stuck in triage. */
export const STUCK_IN_TRIAGE_MS = 3 * 24 * 3_600_000;

/**
 * How long the overview waits for Temporal's answers: the client would otherwise retry an unreachable
 * server for many seconds, and the ops page is wanted most while Temporal is away.
 */
export const TEMPORAL_PART_DEADLINE_MS = 5_000;

/** Past this many overdue open cases the per-department figures are not counted (shown as unknown). */
const OVERDUE_LISTED_AT_MOST = 10_000;

/**
 * What an operator looks at first: workflows of this deployment by state (Temporal visibility),
 * deadlines falling due (read model), the outbox backlog and parked events (database), consumer lag and dead letters
 * (Kafka admin offsets), activities failing now (the rows the case worker's activity interceptor
 * keeps, one per workflow and activity type), and recorded cases still waiting for their workflow. Each part answers on its own: a part whose source is down reports an
 * error instead of failing the whole overview.
 */
@Injectable()
export class OpsOverviewHandler {
  private readonly pendingStarts: PendingCaseStartRepository;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE) private readonly db: Database,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly outboxOps: OutboxOpsHandler,
    private readonly organisation: OrganisationStore,
  ) {
    this.pendingStarts = new PendingCaseStartRepository(db);
  }

  async overview(query: OpsOverviewQuery) {
    const [workflows, caseSearches, pendingDeadlines, outbox, failingActivities, startsPending, kafka] = await Promise.all([
      this.withinDeadline(() => this.workflowsByStatus()),
      this.withinDeadline(() => this.caseSearches()),
      this.pendingDeadlines(query),
      this.outboxOps.overview(query.limit),
      this.failingActivities(query),
      // Recorded cases whose workflow the API could not start (Temporal away): no timers run for them yet.
      this.pendingStarts.waiting(query.limit),
      this.kafkaOffsets().catch((error: unknown) => ({
        consumers: [] as ConsumerLag[],
        deadLetters: [] as { topic: string; messages: number }[],
        error: (error as Error).message,
      })),
    ]);
    return {
      workflows,
      caseSearches,
      pendingDeadlines,
      outbox,
      failingActivities,
      startsPending,
      consumers: kafka.consumers,
      deadLetters: kafka.deadLetters,
      kafkaError: 'error' in kafka ? kafka.error : null,
      temporalUiUrl: this.config.temporal.uiUrl,
      namespace: this.config.temporal.namespace,
      taskQueue: this.config.temporal.taskQueue,
    };
  }

  /** Temporal's calls made inside `part` give up after TEMPORAL_PART_DEADLINE_MS (each part then reports unknowns). */
  private withinDeadline<T>(part: () => Promise<T>): Promise<T> {
    return this.temporal.withDeadline(Date.now() + TEMPORAL_PART_DEADLINE_MS, part);
  }

  private async workflowsByStatus() {
    const queue = this.config.temporal.taskQueue;
    return Promise.all(
      executionStatuses.map(async (status) => {
        try {
          const { count } = await this.temporal.workflow.count(`TaskQueue = "${queue}" AND ExecutionStatus = "${status}"`);
          return { status, count };
        } catch (error) {
          // With its cause: the SDK's own message only says that counting failed.
          return { status, count: null, error: describeError(error, { stack: false }) };
        }
      }),
    );
  }

  /**
   * Ready-made searches over the case workflows' search attributes, with how many each finds now
   * (null when visibility cannot count); one per department for overdue cases.
   */
  private async caseSearches() {
    const count = async (query: string) => {
      try {
        return (await this.temporal.workflow.count(query)).count;
      } catch {
        return null;
      }
    };
    // This deployment's cases only: the namespace may hold other deployments' workflows.
    const ours = (query: string) => inTaskQueue(query, this.config.temporal.taskQueue);
    const departments = this.organisation.directory().departments;
    const stuck = ours(caseSearchQueries.stuckInTriage(new Date(Date.now() - STUCK_IN_TRIAGE_MS)));
    const top = ours(caseSearchQueries.escalatedToTopLeaders());
    // One listing of the overdue cases, counted by department, instead of a count per department.
    const [stuckCount, topCount, overdue] = await Promise.all([count(stuck), count(top), this.overdueByDepartment(ours(caseSearchQueries.overdue()))]);
    return [
      { search: 'stuckInTriage' as const, query: stuck, count: stuckCount, departmentId: null },
      { search: 'escalatedToTopLeaders' as const, query: top, count: topCount, departmentId: null },
      ...departments.map((d) => ({
        search: 'overdueInDepartment' as const,
        query: ours(caseSearchQueries.overdueInDepartment(d.id)),
        count: overdue ? (overdue.get(d.id) ?? 0) : null,
        departmentId: d.id,
      })),
    ];
  }

  /** Overdue open cases by their lead department; null when visibility cannot list them, or lists too many. */
  private async overdueByDepartment(query: string): Promise<Map<string, number> | null> {
    const counts = new Map<string, number>();
    let listed = 0;
    try {
      for await (const execution of this.temporal.workflow.list({ query })) {
        if (++listed > OVERDUE_LISTED_AT_MOST) return null;
        const department = execution.typedSearchAttributes.get(caseSearchAttributeKeys.CaseHandlingDepartment);
        if (department) counts.set(department, (counts.get(department) ?? 0) + 1);
      }
      return counts;
    } catch {
      return null;
    }
  }

  private async pendingDeadlines(query: OpsOverviewQuery) {
    const until = new Date(Date.now() + query.withinHours * 3_600_000);
    const rows = await this.db.case.findMany({
      where: { status: { not: 'closed' }, nextDeadlineAt: { not: null, lte: until } },
      orderBy: { nextDeadlineAt: 'asc' },
      take: query.limit,
      select: { id: true, status: true, nextDeadlineAt: true, nextDeadlineKind: true, overdue: true, escalationLevel: true },
    });
    // Workflow id = case id: the link to the Temporal UI is the case id itself.
    return rows.map((row) => ({
      caseId: row.id,
      workflowId: row.id,
      status: row.status,
      dueAt: row.nextDeadlineAt?.toISOString() ?? null,
      kind: row.nextDeadlineKind,
      overdue: row.overdue,
      escalationLevel: row.escalationLevel,
    }));
  }

  private async failingActivities(query: OpsOverviewQuery) {
    const { total, rows } = await new FailingActivityRepository(this.db).latest(query.limit);
    // A case workflow's id is its case id; other workflows (sweeps, reconciliation) have no case.
    const cases = await this.db.case.findMany({
      where: { id: { in: [...new Set(rows.map((row) => row.workflowId))] } },
      select: { id: true },
    });
    const caseIds = new Set(cases.map((c) => c.id));
    const running = await this.runningAmong(rows.map((row) => row.workflowId));
    return {
      total,
      items: rows.map((row) => ({
        workflowId: row.workflowId,
        runId: row.runId,
        caseId: caseIds.has(row.workflowId) ? row.workflowId : null,
        activityType: row.activityType,
        activityId: row.activityId,
        attempt: row.attempt,
        lastError: row.lastError,
        retrying: row.retrying,
        // A row outlives a workflow that was terminated or failed; null when that is unknown.
        workflowRunning: running.get(row.workflowId) ?? null,
        firstFailedAt: row.firstFailedAt.toISOString(),
        lastFailedAt: row.lastFailedAt.toISOString(),
      })),
    };
  }

  /**
   * Which of these workflows still run: one visibility query for the listed rows only (at most
   * `limit`), never a describe per workflow. An id left out of the answer is unknown: Temporal did
   * not answer, or the id would need escaping to be quoted into the query.
   */
  private async runningAmong(workflowIds: string[]): Promise<Map<string, boolean>> {
    const quotable = [...new Set(workflowIds)].filter((id) => /^[\w.:@-]+$/.test(id));
    const answer = new Map<string, boolean>();
    if (quotable.length === 0) return answer;
    try {
      const query = `WorkflowId IN (${quotable.map((id) => `'${id}'`).join(', ')}) AND ExecutionStatus = "Running"`;
      const running = new Set<string>();
      await this.withinDeadline(async () => {
        for await (const execution of this.temporal.workflow.list({ query })) running.add(execution.workflowId);
      });
      for (const id of quotable) answer.set(id, running.has(id));
    } catch {
      // Unknown for all: the rows are still worth listing.
    }
    return answer;
  }

  /** Consumer lag on the case events and the dead letters, from the Kafka admin API (libs/messaging). */
  private kafkaOffsets() {
    const topics = topicsWithPrefix(this.config.kafka.topicPrefix);
    return topicBacklog(
      { ...this.config.kafka, clientId: `${this.config.kafka.clientId}-ops` },
      { topic: topics.caseEvents, deadLetterTopic: topics.caseEventsDeadLetter, groupPrefix: this.config.kafka.consumerGroupPrefix },
    );
  }
}
