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
 * Every rejection that names a field names its rule too (`reject`'s overloads), so a rule added
 * here does not compile in the console until it has its words there.
 */
export type FieldRule =
  | 'not-a-count' // a whole number ≥ 0 was expected: { value }
  | 'exceeds' // the value may not be above another field's: { value, limit, limitField }
  | 'duplicate' // an item is listed twice
  | 'required' // the field needs a value
  | 'not-a-date' // a calendar date (YYYY-MM-DD) was expected: { value }
  | 'too-early' // the date may not lie before another: { value, earliest }
  | 'not-after' // the date must lie after another: { value, after }
  | 'in-future' // the date may not lie after today: { value }
  | 'not-ahead' // the date must lie after today: { value }
  | 'outside-dates' // the date must lie within a span: { value, first, last }
  | 'too-few' // fewer items than the least allowed: { minimum }
  | 'too-many' // more items than allowed: { maximum }
  | 'above-maximum' // a number above what is allowed: { maximum }
  | 'out-of-range' // a whole number from minimum (to maximum, where given) was expected: { minimum, maximum? }
  | 'unknown' // names something that does not exist (or is not of the kind asked for): { value }
  | 'outside-place' // names something outside the place the command is about: { value }
  | 'not-in-place' // a place that does not lie in its parent: { value, parent }
  | 'not-your-name' // a signature that is not the signer's registered name: { name }
  | 'unchecked' // an item struck off before both its result and its rating were checked
  | 'not-when-failed' // a failed mediation has no agreement text or follow-up date
  | 'meeting-only' // allowed only for what was raised or held at a meeting
  | 'late-entry' // the meeting closed too long ago to enter more: { closedAt }
  | 'not-covering' // a department that does not handle the case's category: { value, category }
  | 'lead-unit' // the case's lead unit, where another unit is asked for
  | 'unchanged'; // the value is what it already is

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

/** A refusal of the whole command, or of one field's value, with that field's broken rule. */
export function reject(code: RejectionCode, reason: string): Rejection;
export function reject(code: RejectionCode, reason: string, field: string, fieldProblem: FieldProblem): Rejection;
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
