import { type Actor, systemActor } from '../actor';
import type { WorkingCalendar } from '../calendar/calendars';
import type { CaseEvent, CaseEventType } from './case-events';
import type { CasePolicy } from './case-policy';
import { type Rejection, reject } from './case-decision';
import type { CaseStatus, Closure, RaisedCase } from './case-state';
import { evolve } from './case-evolve';
import type { CaseWaitKind } from './case-policy';
import { deadlinesOfWait, watchedKindOf } from './deadline';
import type { Directory } from '../organisation/duty-list';

/** What every command handler works with: the raised case, the pinned policy, the org, the time. */
export interface DecideEnv {
  readonly state: RaisedCase;
  readonly policy: CasePolicy;
  /** calendarOf(policy.calendar): every deadline of the case is counted on it. */
  readonly calendar: WorkingCalendar;
  readonly directory: Directory;
  /** ISO instant of the decision; every event of it carries this `at`. */
  readonly at: string;
}

type EventStep = (state: RaisedCase) => CaseEvent;

/**
 * Builds the events of one decision in order, each from the state the earlier ones produce, so a
 * later event numbers its deadlines after those an earlier one scheduled.
 */
export function chain(state: RaisedCase, ...steps: readonly (EventStep | false)[]): CaseEvent[] {
  const events: CaseEvent[] = [];
  let current = state;
  for (const step of steps) {
    if (!step) continue;
    const event = step(current);
    events.push(event);
    current = evolve(current, event) as RaisedCase;
  }
  return events;
}

/** e.g. "case is in state 'claimed'; only 'published' cases can be claimed". */
export function requireStatus(
  state: Pick<RaisedCase, 'status'>,
  allowed: readonly CaseStatus[],
  whatFor: string,
): Rejection | null {
  if (allowed.includes(state.status)) return null;
  const list = allowed.map((s) => `'${s}'`).join(' or ');
  return reject('wrong-state', `case is in state '${state.status}'; only ${list} cases ${whatFor}`);
}

export function requireRunningClock(state: Pick<RaisedCase, 'pause'>): Rejection | null {
  if (!state.pause) return null;
  return reject(
    'wrong-state',
    `the case clock is paused (${state.pause.reason} since ${state.pause.since}); resume it first`,
  );
}

/** A text the command needs: `field` names it in the reason, `path` in the command (for a form). */
export function requireText(value: string | undefined, field: string, path = field): Rejection | null {
  return value && value.trim() !== '' ? null : reject('invalid', `${field} must not be empty`, path, { rule: 'required' });
}

/** The first rejection among checks run in order; later checks may assume earlier ones passed. */
export function firstRejection(...checks: readonly (() => Rejection | null)[]): Rejection | null {
  for (const check of checks) {
    const rejection = check();
    if (rejection) return rejection;
  }
  return null;
}

/** Every pending deadline but those of the given waits (a concentrated issue's review outlives a round of handling). */
export function deadlinesExcept(state: RaisedCase, keep: readonly CaseWaitKind[]): string[] {
  return state.deadlines
    .filter((d) => {
      const kind = watchedKindOf(d);
      return kind === null || !keep.includes(kind);
    })
    .map((d) => d.id);
}

/** The waits that belong to the case as a whole rather than to one round of handling. */
export const caseWideWaits: readonly CaseWaitKind[] = ['concentratedReview'];

export function openJointTasks(state: Pick<RaisedCase, 'jointTasks'>) {
  return state.jointTasks.filter((t) => t.status === 'open');
}

/**
 * Withdraws what is still open when the case moves on — an extension request, a pause waiting for
 * approval, unacknowledged instructions, joint tasks the lead unit gave — so no list of pending
 * requests keeps them; false when nothing is open. Put it before the event that moves the case on.
 */
export function withdrawOpenRequests(env: DecideEnv, because: CaseEventType) {
  const { state } = env;
  // Tasks outlive a missed deadline; they go only with the lead unit that gave them.
  const tasks = leavingLeadUnit.includes(because) ? openJointTasks(state) : [];
  if (!state.pendingExtension && !state.pendingPause && state.instructions.length === 0 && tasks.length === 0) return false;
  return (current: RaisedCase): CaseEvent => ({
    type: 'requestsWithdrawn',
    at: env.at,
    actor: systemActor,
    because,
    extension: current.pendingExtension !== null,
    pause: current.pendingPause !== null,
    instructionIds: current.instructions.map((i) => i.instructionId),
    ...(tasks.length ? { jointTaskIds: tasks.map((t) => t.taskId) } : {}),
    schedule: { remove: deadlinesOfWait(current, ['extensionDecision', 'instructionAck', ...(tasks.length ? ['jointTask' as const] : [])]) },
  });
}

const leavingLeadUnit: readonly CaseEventType[] = ['caseTransferred', 'caseReassigned', 'caseReturned'];

/** Closes the case: nothing stays pending after it (every remaining deadline is cleared). */
export function closeCase(env: DecideEnv, actor: Actor, closure: Closure) {
  return (state: RaisedCase): CaseEvent => {
    const remove = state.deadlines.map((d) => d.id);
    return { at: env.at, actor, type: 'caseClosed', closure, ...(remove.length ? { schedule: { remove } } : {}) };
  };
}
