import type { CalendarData } from '@bishan/domain';

/**
 * After a year's holiday schedule is loaded, every open case is told (the calendarUpdated signal),
 * so provisional deadlines are counted again and later ones use the new data. One run per data
 * version: loading the same data twice starts nothing new.
 */
export const calendarRolloutWorkflowType = 'calendarRolloutWorkflow';

export const calendarRolloutWorkflowId = (dataVersion: string): string => `calendar-rollout-${dataVersion}`;

export interface CalendarRolloutInput {
  calendar: CalendarData;
  /** For each case's timeline, e.g. the notice's title. */
  reason: string;
}

export interface CalendarRolloutResult {
  /** Open cases signalled. */
  signalled: number;
}

export interface CalendarRolloutActivities {
  /** Signals every running case workflow; repeats are harmless (a case ignores data it has). */
  signalOpenCases(input: CalendarRolloutInput): Promise<CalendarRolloutResult>;
}
