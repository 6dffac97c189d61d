import { calendarOf } from '../calendar/calendars';
import { nextShanghaiMidnight } from '../calendar/shanghai-time';
import { toEpochMs, toIso } from '../instant';
import type { RecomputeDeadlines } from './case-commands';
import { type Decision, accept, reject } from './case-decision';
import type { RecomputedDeadline } from './case-events';
import { type PendingDeadline, isProvisional } from './deadline';
import { type DecideEnv, requireText } from './decide-support';

/**
 * Newer holiday data arrived (a year's schedule was loaded): every provisional deadline is counted
 * again on it. A deadline keeps the working time it had from the start of its clock, so only the
 * days the new data changes move it; a reminder keeps its fraction of the deadline it belongs to.
 * The case records the new data version, and its timeline says which deadline moved and why.
 */
export function decideRecompute(env: DecideEnv, command: RecomputeDeadlines): Decision {
  const { state, at, policy } = env;
  const rejection = requireText(command.reason, 'reason');
  if (rejection) return rejection;
  const before = env.calendar;
  const after = calendarOf(policy.calendar, command.calendar);
  const coveredBefore = state.calendar?.coveredThrough ?? before.coveredThrough;
  if (after.dataVersion === (state.calendar?.dataVersion ?? before.dataVersion)) {
    return reject('wrong-state', `the case already counts on holiday data ${after.dataVersion}`);
  }
  const late = new Set(state.deadlines.filter((d) => isProvisional(d, coveredBefore)).map((d) => d.id));
  // A reminder before the covered end still moves when the deadline it is a fraction of moves.
  const provisional = state.deadlines.filter((d) => late.has(d.id) || (d.kind === 'reminder' && late.has(d.forDeadlineId)));
  const moved = new Map<string, string>();
  const recount = (d: PendingDeadline): string => {
    if (d.kind === 'reminder') {
      const parent = state.deadlines.find((p) => p.id === d.forDeadlineId);
      if (parent) return toIso(after.deadlineFractionPoint(d.setAt, moved.get(parent.id) ?? recount(parent), d.fraction));
    }
    // The clock of a deadline starts at the first midnight after it was set (working-clock.ts).
    const start = Math.min(nextShanghaiMidnight(d.setAt), toEpochMs(d.dueAt));
    return toIso(after.addWorkingTime(start, before.workingTimeBetween(start, d.dueAt)));
  };
  for (const d of [...provisional].sort((a, b) => (a.kind === 'reminder' ? 1 : 0) - (b.kind === 'reminder' ? 1 : 0))) {
    moved.set(d.id, recount(d));
  }
  const changes: RecomputedDeadline[] = provisional
    .map((d) => ({ deadlineId: d.id, kind: d.kind, from: d.dueAt, to: moved.get(d.id) ?? d.dueAt }))
    .filter((c) => c.from !== c.to);
  return accept([
    {
      type: 'deadlinesRecomputed',
      at,
      actor: command.actor,
      reason: command.reason,
      calendar: { dataVersion: after.dataVersion, coveredThrough: after.coveredThrough },
      changes,
      ...(changes.length ? { schedule: { move: changes.map((c) => ({ id: c.deadlineId, dueAt: c.to })) } } : {}),
    },
  ]);
}
