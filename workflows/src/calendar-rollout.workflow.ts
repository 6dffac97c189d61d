import { proxyActivities } from '@temporalio/workflow';
import type { CalendarRolloutActivities, CalendarRolloutInput, CalendarRolloutResult } from '@bishan/contracts/workflows';

const { signalOpenCases } = proxyActivities<CalendarRolloutActivities>({
  // Long for a district's open cases; the activity heartbeats as it goes.
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', maximumInterval: '1 minute' },
});

/** Tells every open case that a year's holiday schedule was loaded (see calendar-rollout.contract.ts). */
export async function calendarRolloutWorkflow(input: CalendarRolloutInput): Promise<CalendarRolloutResult> {
  return signalOpenCases(input);
}
