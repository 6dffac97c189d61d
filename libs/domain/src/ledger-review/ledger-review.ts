import type { Actor } from '../actor';
import { type Rejection, reject } from '../case/case-decision';
import { DAY_MS, isCalendarDate, shanghaiDateOf } from '../calendar/shanghai-time';
import { type Instant, toEpochMs } from '../instant';
import { shanghaiMonthRange } from '../reconciliation/reconciliation';

/**
 * 对账销号 as the report means it: the ledger (台账) of a town or a department is reviewed item by
 * item every month. An item closed since the last review is struck off (销号) once the unit's leader
 * has checked its result and the residents' rating and signed by name; an item still open is carried
 * over with a reason and a new target date; an item carried over twice goes to the supervising
 * district leader. The review itself has a sign-off deadline, with a reminder before it and an
 * escalation to the supervising district leader when it passes unsigned.
 *
 * (The comparison of the ledger with the case workflows is something else: the operations
 * reconciliation, libs/domain/src/reconciliation.)
 */

export interface LedgerReviewPolicy {
  readonly version: string;
  /** Days after the month's end (Shanghai calendar days) by which the review is signed. */
  readonly signOffDays: number;
  /** The reminder before the sign-off deadline, in days. */
  readonly remindDaysBefore: number;
  /** An item carried over this many times (this review's included) goes to the supervising district leader. */
  readonly escalateAtCarryOvers: number;
}

export const ledgerReviewPolicies: readonly LedgerReviewPolicy[] = [
  { version: '2026.1', signOffDays: 5, remindDaysBefore: 2, escalateAtCarryOvers: 2 },
];

export function currentLedgerReviewPolicy(): LedgerReviewPolicy {
  const latest = ledgerReviewPolicies[ledgerReviewPolicies.length - 1];
  if (!latest) throw new Error('no ledger review policy is registered');
  return latest;
}

export function findLedgerReviewPolicy(version: string): LedgerReviewPolicy | undefined {
  return ledgerReviewPolicies.find((p) => p.version === version);
}

/** Whose ledger: a town's (the cases its villages and itself handle) or a department's (those it leads). */
export type ReviewUnit = { readonly kind: 'town'; readonly townId: string } | { readonly kind: 'department'; readonly departmentId: string };

export const reviewUnitKey = (unit: ReviewUnit): string => (unit.kind === 'town' ? `town:${unit.townId}` : `department:${unit.departmentId}`);

/** The review's instants: the month's end, the sign-off deadline and the reminder before it. */
export function reviewSchedule(period: string, policy: LedgerReviewPolicy): { periodEndAt: string; remindAt: string; dueAt: string } {
  const { endMs } = shanghaiMonthRange(period);
  const dueMs = endMs + policy.signOffDays * DAY_MS;
  return {
    periodEndAt: new Date(endMs).toISOString(),
    remindAt: new Date(dueMs - policy.remindDaysBefore * DAY_MS).toISOString(),
    dueAt: new Date(dueMs).toISOString(),
  };
}

/** closed: to strike off (销号); open: to carry over (结转). */
export type ReviewSection = 'closed' | 'open';

/** One line of the review sheet, as the workflow keeps it. */
export interface ReviewItem {
  readonly caseId: string;
  readonly section: ReviewSection;
  /** Times this case was carried over in earlier reviews of the unit. */
  readonly carriedOverBefore: number;
}

export type ItemDecision =
  | {
      readonly kind: 'strikeOff';
      /** The leader confirms having checked the result and the residents' rating. */
      readonly resultChecked: boolean;
      readonly ratingChecked: boolean;
    }
  | { readonly kind: 'carryOver'; readonly reason: string; readonly newTargetDate: string };

export interface DecideItem {
  readonly caseId: string;
  readonly decision: ItemDecision;
  readonly actor: Actor;
  /** The name the signer types, and the name the organisation knows them by: they must be the same. */
  readonly signature: string;
  readonly registeredName: string;
}

export interface DecidedItem {
  readonly caseId: string;
  readonly decision: ItemDecision;
  readonly signerId: string;
  readonly signerName: string;
  readonly decidedAt: string;
  /** Carried over for the escalateAtCarryOvers-th time: the supervising district leader takes it up. */
  readonly escalate: boolean;
}

export type ItemDecisionResult = { readonly ok: true; readonly decided: DecidedItem } | Rejection;

/** Who signs a unit's review: a town leader of the town, a department leader of the department. */
export function checkSigner(unit: ReviewUnit, actor: Actor): Rejection | null {
  if (unit.kind === 'town')
    return actor.role === 'town-leader' && actor.townId === unit.townId
      ? null
      : reject('forbidden', `only a town leader of '${unit.townId}' reviews its ledger`);
  return actor.role === 'department-leader' && actor.departmentId === unit.departmentId
    ? null
    : reject('forbidden', `only a leader of department '${unit.departmentId}' reviews its ledger`);
}

function checkSignature(signature: string, registeredName: string): Rejection | null {
  if (signature.trim() === '') return reject('invalid', 'sign with your name', 'signature', { rule: 'required' });
  if (signature.trim() !== registeredName)
    return reject('invalid', `the signature must be your name as the organisation knows it ('${registeredName}')`, 'signature', { rule: 'not-your-name', params: { name: registeredName } });
  return null;
}

/**
 * Decides one line of the sheet: a closed item is struck off once its result and rating were
 * checked; an open one is carried over with a reason and a target date after today. Each line is
 * decided once, by the unit's leader, signed by name; only while the review is open.
 */
export function decideItem(
  unit: ReviewUnit,
  items: readonly ReviewItem[],
  decided: ReadonlySet<string>,
  command: DecideItem,
  ctx: { readonly now: Instant; readonly policy: LedgerReviewPolicy; readonly signedOff: boolean },
): ItemDecisionResult {
  if (ctx.signedOff) return reject('wrong-state', 'the review is signed off: its lines are final');
  const problem = checkSigner(unit, command.actor) ?? checkSignature(command.signature, command.registeredName);
  if (problem) return problem;
  const item = items.find((i) => i.caseId === command.caseId);
  if (!item) return reject('invalid', `case '${command.caseId}' is not on this review's sheet`, 'caseId', { rule: 'unknown', params: { value: command.caseId } });
  if (decided.has(item.caseId)) return reject('wrong-state', `case '${item.caseId}' was already decided on this sheet`);
  const { decision } = command;
  let escalate = false;
  if (decision.kind === 'strikeOff') {
    if (item.section !== 'closed') return reject('wrong-state', `case '${item.caseId}' is still open: carry it over instead`);
    if (!decision.resultChecked || !decision.ratingChecked)
      return reject('invalid', 'strike an item off only after checking both its result and the residents’ rating', 'decision.resultChecked', { rule: 'unchecked' });
  } else {
    if (item.section !== 'open') return reject('wrong-state', `case '${item.caseId}' is closed: strike it off instead`);
    if (decision.reason.trim() === '') return reject('invalid', 'a carried-over item needs the reason it is still open', 'decision.reason', { rule: 'required' });
    if (!isCalendarDate(decision.newTargetDate) || Number.isNaN(Date.parse(`${decision.newTargetDate}T00:00:00Z`)))
      return reject('invalid', `newTargetDate '${decision.newTargetDate}' is not a calendar date (YYYY-MM-DD)`, 'decision.newTargetDate', { rule: 'not-a-date', params: { value: decision.newTargetDate } });
    if (decision.newTargetDate <= shanghaiDateOf(ctx.now))
      return reject('invalid', `the new target date ${decision.newTargetDate} must lie ahead`, 'decision.newTargetDate', { rule: 'not-ahead', params: { value: decision.newTargetDate } });
    escalate = item.carriedOverBefore + 1 >= ctx.policy.escalateAtCarryOvers;
  }
  return {
    ok: true,
    decided: {
      caseId: item.caseId,
      decision: decision.kind === 'carryOver' ? { ...decision, reason: decision.reason.trim() } : decision,
      signerId: command.actor.id,
      signerName: command.registeredName,
      decidedAt: new Date(toEpochMs(ctx.now)).toISOString(),
      escalate,
    },
  };
}

export type SignOffResult = { readonly ok: true; readonly signerName: string } | Rejection;

/** The sheet is signed once every line is decided, by the unit's leader, by name. */
export function decideReviewSignOff(
  unit: ReviewUnit,
  items: readonly ReviewItem[],
  decided: ReadonlySet<string>,
  command: { readonly actor: Actor; readonly signature: string; readonly registeredName: string },
  signedOff: boolean,
): SignOffResult {
  if (signedOff) return reject('wrong-state', 'the review is already signed off');
  const problem = checkSigner(unit, command.actor) ?? checkSignature(command.signature, command.registeredName);
  if (problem) return problem;
  const undecided = items.filter((i) => !decided.has(i.caseId)).length;
  if (undecided > 0) return reject('wrong-state', `${undecided} line(s) of the sheet are not decided yet`);
  return { ok: true, signerName: command.registeredName };
}

/** A ledger case as the review sheet needs it. */
export interface LedgerCase {
  readonly caseId: string;
  readonly townId: string;
  readonly handlerLevel: string | null;
  readonly handlerUnitId: string | null;
  readonly status: string;
  readonly raisedAt: string;
  readonly closedAt: string | null;
}

/** An earlier review's decision about a case, for the unit. */
export interface PastDecision {
  readonly caseId: string;
  readonly kind: ItemDecision['kind'];
}

/**
 * Whose ledger a case is on: a department's while it leads the case; otherwise the town's (its
 * villages' and its own cases, and those it published that no department has claimed yet).
 */
export function onUnitLedger(unit: ReviewUnit, c: Pick<LedgerCase, 'townId' | 'handlerLevel' | 'handlerUnitId'>): boolean {
  const ledByDepartment = c.handlerLevel === 'district' && c.handlerUnitId !== null;
  return unit.kind === 'town' ? c.townId === unit.townId && !ledByDepartment : ledByDepartment && c.handlerUnitId === unit.departmentId;
}

/**
 * The sheet of a month's review: the cases closed since the last review (from `since`, the start of
 * the previous review's month, or this month's) and not struck off yet, to strike off; the cases
 * still open that were raised before the month's end, to carry over — each with how often it was
 * carried over before. Closed first, then open, each by case id.
 */
export function reviewSheet(
  unit: ReviewUnit,
  cases: readonly LedgerCase[],
  past: readonly PastDecision[],
  period: string,
  since: string,
): ReviewItem[] {
  const { endMs } = shanghaiMonthRange(period);
  const sinceMs = toEpochMs(since);
  const struckOff = new Set(past.filter((d) => d.kind === 'strikeOff').map((d) => d.caseId));
  const carried = (caseId: string) => past.filter((d) => d.caseId === caseId && d.kind === 'carryOver').length;
  const mine = cases.filter((c) => onUnitLedger(unit, c));
  const closed = mine.filter(
    (c) => c.status === 'closed' && c.closedAt !== null && toEpochMs(c.closedAt) >= sinceMs && toEpochMs(c.closedAt) < endMs && !struckOff.has(c.caseId),
  );
  const open = mine.filter((c) => c.status !== 'closed' && toEpochMs(c.raisedAt) < endMs);
  const byId = (a: LedgerCase, b: LedgerCase) => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0);
  return [
    ...closed.sort(byId).map((c) => ({ caseId: c.caseId, section: 'closed' as const, carriedOverBefore: carried(c.caseId) })),
    ...open.sort(byId).map((c) => ({ caseId: c.caseId, section: 'open' as const, carriedOverBefore: carried(c.caseId) })),
  ];
}

/** The organisation as far as the review's readers need it. */
export interface ReviewReaders {
  readonly districtLeaders: readonly { readonly id: string; readonly linkedTownIds: readonly string[]; readonly departmentIds: readonly string[] }[];
}

/**
 * Whose reviews a person reads: a town's leadership and triage their town's, a department's leaders
 * and handlers their department's, a district leader those of their linked towns and portfolio
 * departments, top leaders and admins every one. Village secretaries and residents none.
 */
export function reviewUnitsReadBy(actor: Actor, org: ReviewReaders): 'all' | string[] {
  switch (actor.role) {
    case 'town-leader':
    case 'town-triage':
      return actor.townId ? [`town:${actor.townId}`] : [];
    case 'department-leader':
    case 'department-handler':
      return actor.departmentId ? [`department:${actor.departmentId}`] : [];
    case 'district-leader': {
      const leader = org.districtLeaders.find((l) => l.id === actor.id);
      return leader ? [...leader.linkedTownIds.map((t) => `town:${t}`), ...leader.departmentIds.map((d) => `department:${d}`)] : [];
    }
    case 'top-district-leader':
    case 'admin':
      return 'all';
    case 'village-secretary':
    case 'resident':
    case 'system':
      return [];
  }
}
