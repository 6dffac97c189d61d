import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { temporalConnectionOptionsOf, type AppConfig } from '@bishan/config';
import { flagConcentratedUpdate } from '@bishan/contracts';
import {
  CaseRepository,
  FailingActivityRepository,
  GroupedCaseRecorder,
  HolidayScheduleRepository,
  OpenCasesRepository,
  PendingCaseStartRepository,
  policyInForceReader,
  type Database,
} from '@bishan/db';
import { systemActor } from '@bishan/domain';
import {
  APP_CONFIG,
  DATABASE,
  keepWorkerHeapsCompact,
  prebuiltWorkflowBundle,
  requireCaseSearchAttributes,
  tracingActivityInterceptors,
  tracingClientInterceptors,
  workflowSpanSinks,
} from '@bishan/service-runtime';
import { createCaseActivities } from '../activities/case.activities';
import { calendarRolloutActivities } from '../calendar/calendar-rollout.activities';
import { organisationDirectory } from '../activities/organisation-directory';
import { OutboxRelayService } from '../outbox/outbox-relay.service';
import { createConcentratedIssueActivities } from '../activities/concentrated-issue.activities';
import { ensureConcentratedIssueSchedule } from './concentrated-issue-schedule';
import { failingActivityInterceptors } from './failing-activity.interceptor';
import { PendingStartSweeper } from './pending-start-sweeper';
import { countingFailures, registerWorkerGauges } from './worker-metrics';
import { ensureMonthlyReconciliationSchedule } from '../reconciliation/monthly-reconciliation-schedule';
import { monthlyReconciliationActivities } from '../reconciliation/monthly-reconciliation.wiring';
import { ensureMeetingDutyRemindersSchedule } from '../meeting-duties/meeting-duty-reminders-schedule';
import { meetingDutyReminderActivities } from '../meeting-duties/meeting-duty-reminders.wiring';
import { ensureLedgerReviewSchedule } from '../ledger-review/ledger-review-schedule';
import { ledgerReviewActivities } from '../ledger-review/ledger-review.wiring';
import { policyWhatIfActivities } from '../policies/policy-what-if.wiring';

/**
 * Hosts the Temporal worker that runs case workflows, the concentrated-issue sweep and their
 * activities, and keeps the sweep's schedule in place.
 */
@Injectable()
export class CaseWorkerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CaseWorkerService.name);
  private worker: Worker | undefined;
  private connection: NativeConnection | undefined;
  private client: Client | undefined;
  private running: Promise<void> | undefined;
  private sweeper: PendingStartSweeper | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE) private readonly db: Database,
    private readonly relay: OutboxRelayService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { namespace, taskQueue } = this.config.temporal;
    // The frontend's address and, when configured, TLS with the worker's client certificate.
    const connectionOptions = temporalConnectionOptionsOf(this.config.temporal);
    this.connection = await NativeConnection.connect(connectionOptions);
    const client = new Client({ connection: await Connection.connect(connectionOptions), namespace, interceptors: tracingClientInterceptors() });
    this.client = client;
    // Case workflows upsert their search attributes: on a namespace without them every case would stall.
    if ((await requireCaseSearchAttributes(client.connection, namespace)) === 'unknown')
      this.logger.warn(`cannot list the search attributes of namespace "${namespace}"; case workflows need them registered`);
    const openCases = new OpenCasesRepository(this.db);
    const holidaySchedules = new HolidayScheduleRepository(this.db);
    const policyInForce = policyInForceReader(this.db);
    // Before the worker starts its workflow thread: its heap, the sticky cache, stays near its live size.
    keepWorkerHeapsCompact();
    this.worker = await Worker.create({
      connection: this.connection,
      namespace,
      taskQueue,
      // Built once per version of the workflow code (.local/cache), not by every worker at start.
      ...(await prebuiltWorkflowBundle()),
      maxCachedWorkflows: this.config.temporal.maxCachedWorkflows,
      activities: {
        // Recordings that arrive together (a storm of deadlines, a burst of cases) commit together.
        ...createCaseActivities({
          cases: new GroupedCaseRecorder(new CaseRepository(this.db, this.config.audit)),
          directory: organisationDirectory(this.db),
          // Read at each run's start: a case started after a year was loaded counts on it at once.
          calendar: () => holidaySchedules.calendarData(),
          // The relay runs in this process: it publishes a recording's events right after their commit.
          recorded: () => this.relay.wake(),
        }),
        ...createConcentratedIssueActivities({
          openCasesRaisedSince: (since) => openCases.raisedSince(since),
          // New cases pin the policy in force; its thresholds define what counts as concentrated now.
          thresholds: async () => (await policyInForce()).cluster,
          flag: (caseId, reason, clusterId) => flagConcentrated(client, caseId, reason, clusterId, this.logger),
          clock: () => new Date(),
        }),
        ...monthlyReconciliationActivities(this.db, client, taskQueue),
        ...meetingDutyReminderActivities(this.db),
        ...ledgerReviewActivities(this.db),
        ...calendarRolloutActivities(client, taskQueue),
        ...policyWhatIfActivities(this.db),
      },
      // Failed attempts land in a small table the ops overview reads (and in the log).
      // Each failed attempt is also counted (bishan_activity_failures_total).
      // Each activity first continues its workflow's trace (OpenTelemetry), so the failure log lines carry it.
      interceptors: {
        activity: [tracingActivityInterceptors, failingActivityInterceptors(countingFailures(new FailingActivityRepository(this.db)), this.logger)],
      },
      // The workflow code's spans (the bundle holds the SDK's OpenTelemetry workflow interceptors) reach the exporter here.
      sinks: workflowSpanSinks(),
    });
    registerWorkerGauges(this.db);
    this.running = this.worker.run().catch((error: unknown) => {
      this.logger.error(`worker stopped with an error: ${String(error)}`);
      throw error;
    });
    this.logger.log(`polling task queue "${taskQueue}" on ${connectionOptions.address}${connectionOptions.tls ? ' (TLS)' : ''} (namespace ${namespace})`);
    // Cases the API recorded but could not start (a crash, Temporal away) start from here.
    this.sweeper = new PendingStartSweeper(new PendingCaseStartRepository(this.db), client, taskQueue, {
      graceMs: 10_000,
      intervalMs: 5_000,
      batchSize: 200,
      log: (level, message) => (level === 'warn' ? this.logger.warn(message) : this.logger.log(message)),
    });
    this.sweeper.start();

    const { intervalMinutes } = this.config.clusterSweep;
    if (intervalMinutes > 0) {
      const scheduleId = await ensureConcentratedIssueSchedule(client, taskQueue, intervalMinutes);
      this.logger.log(`concentrated-issue sweep scheduled every ${intervalMinutes} min (schedule ${scheduleId})`);
      // Periodic jobs are kept together: a worker without the sweep's schedule (tests) keeps none.
      const reconciliationSchedule = await ensureMonthlyReconciliationSchedule(client, taskQueue);
      this.logger.log(`monthly reconciliation scheduled for the 1st, 02:00 Shanghai (schedule ${reconciliationSchedule})`);
      const dutySchedule = await ensureMeetingDutyRemindersSchedule(client, taskQueue);
      this.logger.log(`meeting duty reminders scheduled daily, 08:00 Shanghai (schedule ${dutySchedule})`);
      const reviewSchedule = await ensureLedgerReviewSchedule(client, taskQueue);
      this.logger.log(`ledger reviews (对账销号) scheduled for the 1st, 03:00 Shanghai (schedule ${reviewSchedule})`);
    }
  }

  state(): string {
    return this.worker?.getState() ?? 'NOT_STARTED';
  }

  async onApplicationShutdown(): Promise<void> {
    await this.sweeper?.stop();
    if (this.worker && this.worker.getState() === 'RUNNING') this.worker.shutdown();
    await this.running?.catch(() => undefined);
    await this.connection?.close();
    await this.client?.connection.close();
  }
}

/** Asks a case's workflow to take the flag; its rules may refuse (already flagged, closed, gone). */
async function flagConcentrated(client: Client, caseId: string, reason: string, clusterId: string, logger: Logger): Promise<'flagged' | 'refused'> {
  try {
    await client.workflow.getHandle(caseId).executeUpdate(flagConcentratedUpdate, {
      args: [{ type: 'flagConcentrated', actor: systemActor, reason, clusterId }],
    });
    return 'flagged';
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError || error instanceof WorkflowNotFoundError) {
      const detail = error instanceof WorkflowUpdateFailedError ? (error.cause?.message ?? error.message) : error.message;
      logger.log(`case ${caseId} not flagged: ${detail}`);
      return 'refused';
    }
    throw error;
  }
}
