import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { AppConfig } from '@bishan/config';
import { calendarRolloutWorkflowId, calendarRolloutWorkflowType, type CalendarRolloutInput } from '@bishan/contracts';
import { AdminAuditLog, HolidayScheduleRepository, type Database } from '@bishan/db';
import { calendarCoverage, calendarDataVersion, shanghaiDateOf, validateHolidaySchedule, type Actor, type CalendarCoverage } from '@bishan/domain';
import { APP_CONFIG, DATABASE, ProblemException } from '@bishan/service-runtime';
import { isServiceUnavailable } from '@bishan/messaging';
import { TEMPORAL_CLIENT } from '../temporal/temporal-client.provider';
import type { HolidayScheduleBody } from './calendar.schemas';

export interface LoadedYear {
  year: number;
  revision: number;
  dataVersion: string;
  coverage: CalendarCoverage;
  /** The workflow telling every open case; its status shows on GET /calendar. */
  rolloutWorkflowId: string;
}

/**
 * Loads a year's official schedule: validated, stored as the year's next revision (never changing
 * an earlier one) with its entry in the admin audit chain, then every open case is told, so its
 * provisional deadlines are counted again.
 */
@Injectable()
export class LoadHolidayScheduleHandler {
  private readonly logger = new Logger('calendar');
  private readonly schedules: HolidayScheduleRepository;
  private readonly audit: AdminAuditLog;

  constructor(
    @Inject(DATABASE) db: Database,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.schedules = new HolidayScheduleRepository(db);
    this.audit = new AdminAuditLog(db, config.audit);
  }

  async execute(body: HolidayScheduleBody, actor: Actor): Promise<LoadedYear> {
    const problems = validateHolidaySchedule(body);
    if (problems.length > 0) {
      throw new ProblemException({
        type: 'https://bishan.example/problems/invalid-holiday-schedule',
        title: 'invalid holiday schedule',
        status: HttpStatus.UNPROCESSABLE_ENTITY,
        detail: problems.map((p) => `${p.field}: ${p.message}`).join('; '),
        errors: problems.map((p) => ({ field: `body.${p.field}`, message: p.message, code: p.code, params: p.params })),
      });
    }
    // The revision and its entry in the admin audit chain commit together.
    const stored = await this.schedules.add(body, actor.id, (tx, revision) =>
      this.audit.appendIn(tx, {
        actor,
        action: 'calendar.loadHolidaySchedule',
        target: `holidays:${revision.year}`,
        data: { revision: revision.revision, holidays: body.holidays, adjustedWorkingDays: body.adjustedWorkingDays, source: body.source },
      }),
    );
    const calendar = await this.schedules.calendarData();
    const dataVersion = calendarDataVersion(calendar);
    this.logger.log(
      `holiday schedule ${stored.year} revision ${stored.revision} loaded by ${actor.id} from "${body.source.title}" (${body.source.publishedOn}); data now ${dataVersion}`,
    );
    const rolloutWorkflowId = await this.rollOut({
      calendar,
      reason: `${stored.year}年节假日安排已载入(${body.source.title})`,
    }, dataVersion);
    return {
      year: stored.year,
      revision: stored.revision,
      dataVersion,
      coverage: calendarCoverage(calendar, shanghaiDateOf(new Date())),
      rolloutWorkflowId,
    };
  }

  /**
   * The rollout is a workflow, so it finishes even if this process dies now. Temporal down: the
   * schedule is stored and counts for cases started from now on; the answer says the rollout must
   * be retried (loading the same schedule again starts it).
   */
  private async rollOut(input: CalendarRolloutInput, dataVersion: string): Promise<string> {
    const workflowId = calendarRolloutWorkflowId(dataVersion);
    try {
      await this.temporal.workflow.start(calendarRolloutWorkflowType, {
        workflowId,
        taskQueue: this.config.temporal.taskQueue,
        args: [input],
      });
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return workflowId;
      if (isServiceUnavailable(error)) {
        throw new ProblemException({
          type: 'https://bishan.example/problems/temporarily-unavailable',
          title: 'stored, but the open cases were not told',
          status: HttpStatus.SERVICE_UNAVAILABLE,
          detail: `the schedule is stored (${dataVersion}); the workflow service did not answer, so open cases were not told yet: load the same schedule again to retry`,
        });
      }
      throw error;
    }
    return workflowId;
  }
}
