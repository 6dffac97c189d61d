import type { CaseEvent } from './case-events';

export type RejectionCode =
  | 'forbidden' // wrong actor or out of the actor's scope
  | 'wrong-state' // the case is not in a state that allows the command
  | 'late' // the time for the action has passed
  | 'invalid' // the command itself is malformed
  | 'unknown-deadline' // the deadline is no longer pending (e.g. cleared by a command that won the race)
  | 'not-due'; // a timer fired before the deadline is due

export interface Rejection {
  readonly ok: false;
  readonly code: RejectionCode;
  /** A sentence for the caller, naming the rule that was broken. */
  readonly reason: string;
  /** The command's field the rule is about, where it is one field's value (a form shows the reason there). */
  readonly field?: string;
}

export type Decision = { readonly ok: true; readonly events: readonly CaseEvent[] } | Rejection;

export function reject(code: RejectionCode, reason: string, field?: string): Rejection {
  return field === undefined ? { ok: false, code, reason } : { ok: false, code, reason, field };
}

export function accept(events: readonly CaseEvent[]): Decision {
  return { ok: true, events };
}
