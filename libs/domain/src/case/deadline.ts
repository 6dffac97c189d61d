import { calendarOf } from '../calendar/calendars';
import type { CasePolicy, RemindedDeadlineKind } from './case-policy';
import type { PauseInfo } from './case-state';
import { toEpochMs, toIso } from '../instant';

export type PrimaryDeadlineKind = RemindedDeadlineKind | 'ratingWindow' | 'pauseLimit';
export type DeadlineKind = PrimaryDeadlineKind | 'reminder' | 'escalation';

interface DeadlineBase {
  readonly id: string;
  /** ISO instant the timer fires. */
  readonly dueAt: string;
  /** ISO instant the deadline was set; reminders are fractions of setAt → dueAt. */
  readonly setAt: string;
}

export type PendingDeadline =
  | (DeadlineBase & { readonly kind: PrimaryDeadlineKind })
  | (DeadlineBase & {
      readonly kind: 'reminder';
      readonly forDeadlineId: string;
      readonly forKind: RemindedDeadlineKind;
      readonly fraction: number;
    })
  | (DeadlineBase & { readonly kind: 'escalation'; readonly step: number });

export type NewDeadline =
  | { readonly kind: PrimaryDeadlineKind; readonly setAt: string; readonly dueAt: string }
  | { readonly kind: 'escalation'; readonly step: number; readonly setAt: string; readonly dueAt: string };

/** How an event changes the pending deadlines; evolve applies it the same way for every event. */
export interface ScheduleChange {
  readonly add?: readonly PendingDeadline[];
  readonly remove?: readonly string[];
  readonly move?: readonly { readonly id: string; readonly dueAt: string }[];
}

export interface Scheduled {
  readonly deadlines: readonly PendingDeadline[];
  /** Count of deadlines ever scheduled; ids are `${kind}-${n}` so they are unique and replayable. */
  readonly deadlineSeq: number;
  readonly pause: PauseInfo | null;
}

function isReminded(policy: CasePolicy, kind: NewDeadline['kind']): kind is RemindedDeadlineKind {
  return (policy.remindedDeadlines as readonly string[]).includes(kind);
}

/** Ids and reminders for new deadlines, numbered after everything the case has scheduled so far. */
export function scheduleDeadlines(
  state: Scheduled,
  policy: CasePolicy,
  items: readonly NewDeadline[],
): PendingDeadline[] {
  const calendar = calendarOf(policy.calendar);
  let seq = state.deadlineSeq;
  const out: PendingDeadline[] = [];
  for (const item of items) {
    const primary: PendingDeadline = { ...item, id: `${item.kind}-${++seq}` };
    out.push(primary);
    if (!isReminded(policy, item.kind)) continue;
    for (const fraction of policy.reminderFractions) {
      const dueAt = toIso(calendar.deadlineFractionPoint(item.setAt, item.dueAt, fraction));
      if (toEpochMs(dueAt) >= toEpochMs(item.dueAt)) continue;
      out.push({
        id: `reminder-${++seq}`,
        kind: 'reminder',
        forDeadlineId: primary.id,
        forKind: item.kind,
        fraction,
        setAt: item.setAt,
        dueAt,
      });
    }
  }
  return out;
}

export function applySchedule(
  deadlines: readonly PendingDeadline[],
  change: ScheduleChange | undefined,
): PendingDeadline[] {
  if (!change) return [...deadlines];
  const removed = new Set(change.remove ?? []);
  const moved = new Map((change.move ?? []).map((m) => [m.id, m.dueAt]));
  return [...deadlines.filter((d) => !removed.has(d.id)), ...(change.add ?? [])].map((d) => {
    const dueAt = moved.get(d.id);
    return dueAt === undefined ? d : { ...d, dueAt };
  });
}

export function findDeadline(state: Scheduled, kind: PrimaryDeadlineKind): PendingDeadline | undefined {
  return state.deadlines.find((d) => d.kind === kind);
}

/** The deadline and its reminders, e.g. to clear them together. */
export function withReminders(state: Scheduled, deadlineId: string): string[] {
  return state.deadlines
    .filter((d) => d.id === deadlineId || (d.kind === 'reminder' && d.forDeadlineId === deadlineId))
    .map((d) => d.id);
}

export function allDeadlineIds(state: Scheduled, except: (d: PendingDeadline) => boolean = () => false): string[] {
  return state.deadlines.filter((d) => !except(d)).map((d) => d.id);
}

/** Deadlines whose timers run; while the clock is paused only the pause limit does. */
export function runningDeadlines(state: Scheduled): PendingDeadline[] {
  return state.pause ? state.deadlines.filter((d) => d.kind === 'pauseLimit') : [...state.deadlines];
}

/** The timer the workflow should sleep until, or null when nothing is pending. */
export function nextDeadline(state: Scheduled): PendingDeadline | null {
  let earliest: PendingDeadline | null = null;
  for (const d of runningDeadlines(state)) {
    if (!earliest || toEpochMs(d.dueAt) < toEpochMs(earliest.dueAt)) earliest = d;
  }
  return earliest;
}
