import type { WorkingCalendar } from '../calendar/calendars';
import type { CalendarDate } from '../calendar/shanghai-time';
import { shanghaiDateOf } from '../calendar/shanghai-time';
import { type CasePolicy, type CaseWaitKind, type PauseReason, policyKindOf } from './case-policy';
import { toEpochMs, toIso } from '../instant';

export type PrimaryDeadlineKind = CaseWaitKind | 'ratingWindow' | 'pauseLimit';
export type DeadlineKind = PrimaryDeadlineKind | 'reminder' | 'escalation';

/** A stopped case clock (暂停计时): the deadlines stand still until it resumes, by hand or at `limitAt`. */
export interface PauseInfo {
  readonly reason: PauseReason;
  readonly note?: string;
  readonly since: string;
  /** When the clock resumes by itself. */
  readonly limitAt: string;
  readonly byActorId: string;
}

interface DeadlineBase {
  readonly id: string;
  /** ISO instant the timer fires. */
  readonly dueAt: string;
  /** ISO instant the deadline was set; reminders are fractions of setAt → dueAt. */
  readonly setAt: string;
  /** The item the deadline belongs to when a case can have several (an instruction's or a joint task's id). */
  readonly ref?: string;
}

export type PendingDeadline =
  | (DeadlineBase & { readonly kind: PrimaryDeadlineKind })
  | (DeadlineBase & {
      readonly kind: 'reminder';
      readonly forDeadlineId: string;
      readonly forKind: CaseWaitKind;
      readonly fraction: number;
    })
  | (DeadlineBase & {
      readonly kind: 'escalation';
      readonly step: number;
      /** The missed deadline whose chain this step belongs to; absent: 'handling' (cases from before chains per deadline). */
      readonly forKind?: CaseWaitKind;
      /** Set on the reminders to the last step's target that follow the chain: the 1st, 2nd… repeat. */
      readonly repeat?: number;
    });

export type NewDeadline =
  | { readonly kind: PrimaryDeadlineKind; readonly setAt: string; readonly dueAt: string; readonly ref?: string }
  | {
      readonly kind: 'escalation';
      readonly step: number;
      readonly forKind: CaseWaitKind;
      readonly repeat?: number;
      readonly setAt: string;
      readonly dueAt: string;
      readonly ref?: string;
    };

/** The watched deadline a pending one belongs to: itself, the one it reminds of, or whose chain it climbs. */
export function watchedKindOf(deadline: PendingDeadline): CaseWaitKind | null {
  switch (deadline.kind) {
    case 'reminder':
      return deadline.forKind;
    case 'escalation':
      return deadline.forKind ?? 'handling';
    case 'ratingWindow':
    case 'pauseLimit':
      return null;
    case 'triage':
    case 'claimWindow':
    case 'handlingPlan':
    case 'handling':
    case 'feedback':
    case 'extensionDecision':
    case 'instructionAck':
    case 'concentratedReview':
    case 'jointTask':
      return deadline.kind;
  }
}

/** Every deadline that watches this wait (the deadline, its reminders, its escalation steps). */
export function deadlinesOfWait(state: Scheduled, kinds: readonly CaseWaitKind[], ref?: string): string[] {
  return state.deadlines
    .filter((d) => {
      const kind = watchedKindOf(d);
      return kind !== null && kinds.includes(kind) && (ref === undefined || d.ref === ref);
    })
    .map((d) => d.id);
}

/**
 * A working-day deadline due after the last day the holiday data covers was counted Monday–Friday
 * and is provisional: it moves when that year's schedule is loaded. Rating windows count calendar
 * days and are never provisional. `coveredThrough` null: every day is known.
 */
export function isProvisional(deadline: PendingDeadline, coveredThrough: CalendarDate | null): boolean {
  if (coveredThrough === null || deadline.kind === 'ratingWindow') return false;
  // A deadline at 24:00 of the last covered day is the next day's 00:00: judge the day it ends.
  return shanghaiDateOf(toEpochMs(deadline.dueAt) - 1) > coveredThrough;
}

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

/** A wait is reminded when its policy kind is (a joint task when handling is). */
function isReminded(policy: CasePolicy, kind: NewDeadline['kind']): kind is CaseWaitKind {
  if (kind === 'escalation' || kind === 'ratingWindow' || kind === 'pauseLimit') return false;
  return policy.remindedDeadlines.includes(policyKindOf(kind));
}

/** Ids and reminders for new deadlines, numbered after everything the case has scheduled so far. */
export function scheduleDeadlines(
  state: Scheduled,
  policy: CasePolicy,
  calendar: WorkingCalendar,
  items: readonly NewDeadline[],
): PendingDeadline[] {
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
        ...(item.ref === undefined ? {} : { ref: item.ref }),
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
