import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { calendarRolloutWorkflowId } from '@bishan/contracts';
import { HolidayScheduleRepository, type Database, type StoredHolidaySchedule } from '@bishan/db';
import { calendarCoverage, calendarDataVersion, shanghaiDateOf, type CalendarCoverage } from '@bishan/domain';
import { DATABASE, runningOutReason } from '@bishan/service-runtime';
import { TEMPORAL_CLIENT } from '../temporal/temporal-client.provider';

export interface CalendarOverview {
  coverage: CalendarCoverage;
  /** Present from 60 days before the data runs out: what to do, in a sentence. */
  warning: string | null;
  /** Every load, newest first. */
  schedules: StoredHolidaySchedule[];
  /** The rollout of the data in force: how many open cases were told, or that it is still running. */
  rollout: { workflowId: string; status: string; signalled: number | null } | null;
}

@Injectable()
export class CalendarOverviewHandler {
  private readonly schedules: HolidayScheduleRepository;

  constructor(
    @Inject(DATABASE) db: Database,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {
    this.schedules = new HolidayScheduleRepository(db);
  }

  async overview(now = new Date()): Promise<CalendarOverview> {
    const [calendar, schedules] = await Promise.all([this.schedules.calendarData(), this.schedules.history()]);
    const coverage = calendarCoverage(calendar, shanghaiDateOf(now));
    return {
      coverage,
      warning: coverage.runningOut ? runningOutReason(coverage) : null,
      schedules,
      rollout: calendar.loaded.length ? await this.rollout(calendarDataVersion(calendar)) : null,
    };
  }

  private async rollout(dataVersion: string): Promise<CalendarOverview['rollout']> {
    const workflowId = calendarRolloutWorkflowId(dataVersion);
    try {
      const handle = this.temporal.workflow.getHandle(workflowId);
      const { status } = await handle.describe();
      const signalled = status.name === 'COMPLETED' ? ((await handle.result()) as { signalled: number }).signalled : null;
      return { workflowId, status: status.name, signalled };
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return { workflowId, status: 'NOT_STARTED', signalled: null };
      return { workflowId, status: 'UNKNOWN', signalled: null };
    }
  }
}
