import type { MeetingDutyReminderActivities, MeetingDutyRemindersResult } from '@bishan/contracts/workflows';

const DAY_MS = 24 * 60 * 60 * 1000;
import {
  currentMeetingDutyPolicy,
  dutyPeriodAt,
  dutyPeriodOf,
  meetingDuties,
  shanghaiDayStart,
  type DutyMeeting,
  type DutyOrganisation,
  type MeetingDuty,
} from '@bishan/domain';

export interface MeetingDutyReminderDependencies {
  organisation(): Promise<DutyOrganisation>;
  /** Meetings closed in [from, to). */
  meetingsClosedBetween(from: Date, to: Date): Promise<readonly DutyMeeting[]>;
  /** Writes each notice once (by its event id); answers how many were new. */
  notify(notices: { reminders: readonly MeetingDuty[]; overdue: readonly MeetingDuty[]; at: string }): Promise<{ reminded: number; overdue: number }>;
}

/** The half-year before the one an instant falls in ('2026-H2' → '2026-H1', '2026-H1' → '2025-H2'). */
export function previousHalfYear(key: string): string {
  const [year, half] = key.split('-H');
  return half === '2' ? `${year}-H1` : `${Number(year) - 1}-H2`;
}

/**
 * Judges the duties of the current half-year and the one before (whose end may have passed since
 * the last run), and hands the reminders and overdue notices to be written once each.
 */
export function createMeetingDutyReminderActivities(deps: MeetingDutyReminderDependencies): MeetingDutyReminderActivities {
  return {
    async remindMeetingDuties({ asOf }): Promise<MeetingDutyRemindersResult> {
      const current = dutyPeriodAt('halfYear', asOf).key;
      const previous = previousHalfYear(current);
      // From the start of the previous half-year's year to the end of the current one's year.
      const from = new Date(shanghaiDayStart(dutyPeriodOf(previous.slice(0, 4)).from));
      const to = new Date(shanghaiDayStart(dutyPeriodOf(current.slice(0, 4)).to));
      const [org, meetings] = await Promise.all([deps.organisation(), deps.meetingsClosedBetween(from, to)]);
      const policy = currentMeetingDutyPolicy();
      const duties = new Map<string, MeetingDuty>();
      // The previous period's year duties are judged with its second half only (a year ends there).
      for (const period of [previous, current]) for (const duty of meetingDuties(org, meetings, policy, period, asOf)) duties.set(duty.id, duty);
      const all = [...duties.values()];
      // Overdue is told in the weeks after the period ended, not years later (a first run, a restored backup).
      const tellOverdueUntil = (d: MeetingDuty) => Date.parse(d.dueAt) + policy.remindDaysBefore * DAY_MS;
      const written = await deps.notify({
        reminders: all.filter((d) => d.status === 'due' && d.remind),
        overdue: all.filter((d) => d.status === 'overdue' && Date.parse(asOf) < tellOverdueUntil(d)),
        at: asOf,
      });
      return { asOf, ...written };
    },
  };
}
