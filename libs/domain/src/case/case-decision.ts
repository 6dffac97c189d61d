import type { CaseEvent } from './case-events';

export type RejectionCode =
  | 'forbidden' // wrong actor or out of the actor's scope
  | 'wrong-state' // the case is not in a state that allows the command
  | 'late' // the time for the action has passed
  | 'invalid' // the command itself is malformed
  | 'unknown-deadline' // the deadline is no longer pending (e.g. cleared by a command that won the race)
  | 'not-due'; // a timer fired before the deadline is due

/**
 * Which rule about one field's value was broken, for a reader in another language: the console
 * words each in Chinese from the code and its parameters (the reason stays the API's English).
 */
export type FieldRule =
  | 'not-a-count' // a whole number ≥ 0 was expected: { value }
  | 'exceeds' // the value may not be above another field's: { value, limit, limitField }
  | 'duplicate'; // an item is listed twice

export interface FieldProblem {
  readonly rule: FieldRule;
  readonly params?: Readonly<Record<string, string | number>>;
}

export interface Rejection {
  readonly ok: false;
  readonly code: RejectionCode;
  /** A sentence for the caller, naming the rule that was broken. */
  readonly reason: string;
  /** The command's field the rule is about, where it is one field's value (a form shows the reason there). */
  readonly field?: string;
  /** The field's rule as a code with parameters, where a form may word it in the reader's language. */
  readonly fieldProblem?: FieldProblem;
}

export type Decision = { readonly ok: true; readonly events: readonly CaseEvent[] } | Rejection;

export function reject(code: RejectionCode, reason: string, field?: string, fieldProblem?: FieldProblem): Rejection {
  return {
    ok: false,
    code,
    reason,
    ...(field === undefined ? {} : { field }),
    ...(fieldProblem === undefined ? {} : { fieldProblem }),
  };
}

export function accept(events: readonly CaseEvent[]): Decision {
  return { ok: true, events };
}
