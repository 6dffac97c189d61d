import type { CaseCommand } from './case-commands';
import { type Rejection } from './case-decision';
import { type DecideContext, decide } from './case-decide';
import type { CaseEvent } from './case-events';
import { evolveAll } from './case-evolve';
import type { CaseState } from './case-state';

export type Outcome =
  | { readonly ok: true; readonly events: readonly CaseEvent[]; readonly state: CaseState }
  | Rejection;

/**
 * One turn of the loop: decide, then apply the events. The workflow's update handler does exactly
 * this (its validator runs `decide` alone); after it, `nextDeadline(state)` says how long to sleep.
 */
export function execute(state: CaseState, command: CaseCommand, ctx: DecideContext): Outcome {
  const decision = decide(state, command, ctx);
  if (!decision.ok) return decision;
  return { ok: true, events: decision.events, state: evolveAll(state, decision.events) };
}
