// Spec helper: the what-if's hand-worked case — a small recorded history under 2025.1, a draft that
// shortens the claim window and the handling of simple cases, and what the draft would have done,
// worked out by hand. Shared by the domain's spec (libs/domain/src/policy/what-if.spec.ts) and the
// end-to-end spec that runs the same history through the case worker's what-if.
import type { Actor } from '../actor';
import { systemActor } from '../actor';
import { type CalendarData } from '../calendar/holiday-data';
import { DAY_MS, weekdayOf, type CalendarDate } from '../calendar/shanghai-time';
import { isWorkingDay } from '../calendar/working-clock';
import type { CaseCommand, RaiseCase } from '../case/case-commands';
import type { CaseEvent } from '../case/case-events';
import { execute } from '../case/case-loop';
import { getPolicy, type CasePolicy } from '../case/case-policy';
import { type CaseState, initialState } from '../case/case-state';
import { nextDeadline } from '../case/deadline';
import { toEpochMs } from '../instant';
import type { Directory } from '../organisation/duty-list';
import type { RecordedCase, WhatIfFigures } from '../policy/what-if';

/** The people of the history and the organisation they act in. */
export interface HandWorkedCast {
  readonly directory: Directory;
  readonly calendar?: CalendarData;
  /** The raise, by a village secretary, of a simple case a department claims from the pool; pins 2025.1. */
  readonly raise: RaiseCase & { policyVersion: string };
  readonly triage: Actor;
  /** A handler of the department that claims the case. */
  readonly handler: Actor;
  /** The district leader who supervises that department (approves the extension). */
  readonly supervisingLeader: Actor;
  readonly secretary: Actor;
  readonly resident: Actor;
}

/** The Monday the hand-worked history starts on: Mon 3 Mar 2025, two ordinary weeks. */
export const handWorkedMonday: CalendarDate = '2025-03-03';

/**
 * The instant `days` calendar days after the history's Monday at `utcTime` (UTC): the history is
 * written relative to its Monday, so it can be moved by whole weeks onto other ordinary weeks.
 */
export function handWorkedInstant(monday: CalendarDate, days: number, utcTime: string): string {
  return new Date(Date.parse(`${monday}T${utcTime}.000Z`) + days * DAY_MS).toISOString();
}

/**
 * 登凤村, on the Monday: published at once, claimed Wed, extended the next Mon, done Fri, rated Sat.
 * Driven as the workflow does: timers fired up to each command's instant, then the commands.
 */
export function handWorkedHistory(
  cast: HandWorkedCast,
  monday: CalendarDate = handWorkedMonday,
): RecordedCase {
  const at = (days: number, utcTime: string) => handWorkedInstant(monday, days, utcTime);
  const context = (now: string) => ({
    now,
    directory: cast.directory,
    ...(cast.calendar ? { calendar: cast.calendar } : {}),
  });
  const events: CaseEvent[] = [];
  let state: CaseState = initialState;
  const apply = (now: string, command: CaseCommand) => {
    const outcome = execute(state, command, context(now));
    if (!outcome.ok) throw new Error(`${command.type} rejected: ${outcome.reason}`);
    events.push(...outcome.events);
    state = outcome.state;
  };
  const act = (now: string, ...commands: CaseCommand[]) => {
    for (
      let next = nextDeadline(state);
      next && toEpochMs(next.dueAt) <= toEpochMs(now);
      next = nextDeadline(state)
    ) {
      apply(next.dueAt, { type: 'deadlineReached', actor: systemActor, deadlineId: next.id });
    }
    for (const command of commands) apply(now, command);
  };
  act(at(0, '02:00:00'), cast.raise, { type: 'triageCase', actor: cast.triage, route: 'district' });
  // Claim window 2 wd: due Wed 24:00 (16:00Z); claimed Wed 16:00 Shanghai, in time.
  act(
    at(2, '08:00:00'),
    { type: 'claimCase', actor: cast.handler },
    {
      type: 'submitHandlingPlan',
      actor: cast.handler,
      plan: '纳入保洁合同',
      responsibility: { unit: '环卫二队', personName: '张伟' },
    },
  );
  // Handling 5 wd: due the next Wed 24:00. Extension of 3 wd asked Mon 16:00, approved Mon 17:00.
  act(at(7, '08:00:00'), { type: 'requestExtension', actor: cast.handler, workingDays: 3, reason: '等材料' });
  act(at(7, '09:00:00'), { type: 'approveExtension', actor: cast.supervisingLeader, reason: '同意' });
  act(at(11, '02:00:00'), { type: 'reportResult', actor: cast.handler, summary: '已纳入' });
  act(at(11, '03:00:00'), { type: 'giveFeedback', actor: cast.secretary });
  act(at(12, '02:00:00'), { type: 'rateCase', actor: cast.resident, rating: 'satisfied' });
  return { caseId: cast.raise.caseId, events };
}

/** The draft: 2025.1 with a claim window of 1 working day and simple cases handled in 2. */
export function handWorkedDraft(version = 'draft-1'): CasePolicy {
  const v1 = getPolicy('2025.1');
  return {
    ...v1,
    version,
    claimWindowWorkingDays: 1,
    handlingWorkingDays: { ...v1.handlingWorkingDays, simple: 2 },
  };
}

/** What happened: every deadline met, four reminders, no escalation, on time. */
export const handWorkedActual: WhatIfFigures = {
  cases: 1,
  deadlinesMet: 4, // claim window, plan, handling, feedback
  deadlinesMissed: 0,
  deadlinesPending: 0,
  missedByKind: {},
  escalationsByStep: {},
  remindersSent: 4, // claim window 50 % and 80 %, handling 50 % and 80 %
  resultsReported: 1,
  resultsOnTime: 1,
  ratings: 1,
  ratingCredit: 1,
};

/**
 * What the draft would have done: the claim and the handling late, three escalations.
 * Claim window 1 wd: due Tue 24:00 → missed, unclaimed step 1 to the supervising leader (Wed, week 1).
 * Handling 2 wd from Wed: due Fri 24:00 → missed, overdue step 1 to the department's leaders (Sat,
 * week 1), step 2 two wd later (next Tue 24:00, week 2) to the supervising leader; step 3 (next
 * Fri 24:00) never comes: the result is reported on that Fri at 10:00.
 */
export const handWorkedSimulated: WhatIfFigures = {
  cases: 1,
  deadlinesMet: 2, // plan, feedback
  deadlinesMissed: 2,
  deadlinesPending: 0,
  missedByKind: { claimWindow: 1, handling: 1 },
  escalationsByStep: { '1': 2, '2': 1 },
  remindersSent: 4,
  resultsReported: 1,
  resultsOnTime: 0,
  ratings: 1,
  ratingCredit: 1,
};

/**
 * The commands the draft refuses, as [type, instant, code]: the extension came after the shorter
 * deadline, refused as late, and so there is nothing to approve.
 */
export function handWorkedRefused(monday: CalendarDate = handWorkedMonday): [string, string, string][] {
  return [
    ['requestExtension', handWorkedInstant(monday, 7, '08:00:00'), 'late'],
    ['approveExtension', handWorkedInstant(monday, 7, '09:00:00'), 'wrong-state'],
  ];
}

/**
 * A Monday on or before `latest` whose two weeks are ordinary on the package's calendar (weekdays
 * worked, weekends off, no holiday and no make-up working day), so the hand-worked working-day
 * arithmetic holds there unchanged.
 */
export function ordinaryMondayOnOrBefore(latest: CalendarDate, searchWeeks = 26): CalendarDate {
  const back = (weekdayOf(latest) + 6) % 7;
  let monday = new Date(Date.parse(`${latest}T00:00:00Z`) - back * DAY_MS);
  for (let week = 0; week < searchWeeks; week += 1, monday = new Date(monday.getTime() - 7 * DAY_MS)) {
    const days = Array.from({ length: 14 }, (_, i) =>
      new Date(monday.getTime() + i * DAY_MS).toISOString().slice(0, 10),
    );
    if (days.every((day) => isWorkingDay(day) === (weekdayOf(day) >= 1 && weekdayOf(day) <= 5)))
      return days[0] as CalendarDate;
  }
  throw new Error(`no two ordinary weeks in the ${searchWeeks} weeks before ${latest}`);
}
