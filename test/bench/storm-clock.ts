import { compressedCalendar, getPolicy, type CasePolicy } from '@bishan/domain';

/**
 * How long the storm's triage burst is allowed per case. A full storm's burst (10,000 triages, 32 at
 * a time, each starting a bare sleeper) must end inside one day of the storm's clock: in the runs of
 * 2026-12-06 it took 520 and 574 s (19.2 and 17.4/s; each triage replays its case, raised minutes
 * earlier and long out of the worker's cache).
 */
const BURST_MS_PER_CASE = 70;
/** A quick storm's day: long enough for its worker and server to set every timer well ahead. */
const SHORTEST_STORM_DAY_MS = 10_000;

/** The length of a working day on the storm's clock, in whole seconds. */
export function stormDayMs(cases: number): number {
  return Math.max(SHORTEST_STORM_DAY_MS, Math.ceil((cases * BURST_MS_PER_CASE) / 1000) * 1000);
}

/**
 * The storm cases' policy: demo-compressed's limits (2025.1's) on a clock whose working day lasts
 * `dayMs`, with a claim window of one working day and no reminders. A burst of triages that starts
 * on one of the clock's day boundaries and ends before the next puts every claim window's end on one
 * instant (the end of the following day: a deadline's clock starts at the next boundary), and at that
 * instant the breaches are the only work (the demo clock's reminders would land in a wave just
 * before it).
 */
export function stormPolicy(version: string, dayMs: number): CasePolicy {
  return {
    ...getPolicy('demo-compressed'),
    version,
    calendar: { kind: 'compressed', dayMs },
    claimWindowWorkingDays: 1,
    remindedDeadlines: [],
  };
}

/**
 * How long after a day boundary the burst starts: a triage on the boundary itself would count its
 * claim window from there, a day earlier than the rest.
 */
const BOUNDARY_MARGIN_MS = 200;

/** When the burst starts: just after the storm clock's first day boundary at or after `at`. */
export function stormBurstStart(at: Date, dayMs: number): Date {
  return new Date(compressedCalendar(dayMs).addWorkingDays(at, 0).getTime() + BOUNDARY_MARGIN_MS);
}
