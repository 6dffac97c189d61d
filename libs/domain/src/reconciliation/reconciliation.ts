import type { Actor } from '../actor';
import { type Instant, toEpochMs } from '../instant';
import { SHANGHAI_OFFSET_MS } from '../calendar/shanghai-time';

/**
 * Operations reconciliation (运行对账), monthly: the ledger (read model) is compared with what each
 * case's workflow says, every difference is listed, and the month is closed only once the
 * responsible department, unit and person have each signed it off. A data-consistency check of the
 * system itself; the governance review the report calls 对账销号 is ./ledger-review.
 */

/** A Shanghai calendar month, 'YYYY-MM'. */
export type ReconciliationMonth = string;

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isReconciliationMonth(value: unknown): value is ReconciliationMonth {
  return typeof value === 'string' && MONTH.test(value);
}

/** The month before the one the instant falls in, in Shanghai: what a run on the 1st reconciles. */
export function previousShanghaiMonth(instant: Instant): ReconciliationMonth {
  const local = new Date(toEpochMs(instant) + SHANGHAI_OFFSET_MS);
  const year = local.getUTCFullYear();
  const month = local.getUTCMonth(); // 0-based: this is already "previous" in 1-based terms
  return month === 0 ? `${year - 1}-12` : `${year}-${String(month).padStart(2, '0')}`;
}

/** [start, end) of the month in epoch ms, Shanghai midnights. */
export function shanghaiMonthRange(month: ReconciliationMonth): { startMs: number; endMs: number } {
  const match = MONTH.exec(month);
  if (!match) throw new RangeError(`'${month}' is not a month (YYYY-MM)`);
  const year = Number(match[1]);
  const index = Number(match[2]) - 1;
  return {
    startMs: Date.UTC(year, index, 1) - SHANGHAI_OFFSET_MS,
    endMs: Date.UTC(year, index + 1, 1) - SHANGHAI_OFFSET_MS,
  };
}

export type MismatchKind = 'statusDiffers' | 'deadlineDiffers' | 'workflowMissing' | 'readModelMissing';

/** The case as one side of the comparison sees it; null when that side has no such case. */
export interface ReconciledCaseSide {
  readonly status: string;
  readonly nextDeadlineAt: string | null;
  readonly lastEventSeq: number;
}

/** Who answers for a case: 三到 — the department, the unit (town) and the named person. */
export interface ResponsibleParties {
  readonly departmentId: string | null;
  readonly townId: string | null;
  readonly personId: string | null;
}

export interface ReconciliationMismatch {
  readonly caseId: string;
  readonly kind: MismatchKind;
  readonly ledger: ReconciledCaseSide | null;
  readonly workflow: ReconciledCaseSide | null;
  readonly responsible: ResponsibleParties;
}

/**
 * Every difference between the ledger's row and the workflow's view of one case. Deadlines are
 * compared to the millisecond (the ledger stores what the workflow computed, nothing rounds them).
 */
export function compareCase(
  caseId: string,
  ledger: ReconciledCaseSide | null,
  workflow: ReconciledCaseSide | null,
  responsible: ResponsibleParties,
): ReconciliationMismatch[] {
  const mismatch = (kind: MismatchKind): ReconciliationMismatch => ({
    caseId,
    kind,
    ledger,
    workflow,
    responsible,
  });
  if (!ledger && !workflow) return [];
  if (!workflow) return [mismatch('workflowMissing')];
  if (!ledger) return [mismatch('readModelMissing')];
  const found: ReconciliationMismatch[] = [];
  if (ledger.status !== workflow.status) found.push(mismatch('statusDiffers'));
  if (instantOrNull(ledger.nextDeadlineAt) !== instantOrNull(workflow.nextDeadlineAt))
    found.push(mismatch('deadlineDiffers'));
  return found;
}

function instantOrNull(value: string | null): number | null {
  return value === null ? null : Date.parse(value);
}

export type SignOffRole = 'department' | 'unit' | 'person';

/** One signature the month needs: the department, the unit (town) or the person, by id. */
export interface SignOffSlot {
  readonly role: SignOffRole;
  readonly partyId: string;
}

export const signOffSlotKey = (slot: SignOffSlot): string => `${slot.role}:${slot.partyId}`;

/**
 * The signatures a reconciliation needs: every department, unit and person answerable for a
 * mismatch signs once. A month without mismatches needs none and is closed at once.
 */
export function requiredSignOffs(
  mismatches: readonly Pick<ReconciliationMismatch, 'responsible'>[],
): SignOffSlot[] {
  const slots = new Map<string, SignOffSlot>();
  const add = (role: SignOffRole, partyId: string | null) => {
    if (partyId) slots.set(signOffSlotKey({ role, partyId }), { role, partyId });
  };
  for (const { responsible } of mismatches) {
    add('department', responsible.departmentId);
    add('unit', responsible.townId);
    add('person', responsible.personId);
  }
  return [...slots.values()].sort((a, b) => (signOffSlotKey(a) < signOffSlotKey(b) ? -1 : 1));
}

/**
 * The signatures of a run a reader is shown: the slots that answer for the mismatches the reader
 * may see, and the signatures given for them. Another unit's signature and its note stay with the
 * readers of that unit's mismatches, as the mismatches themselves do.
 */
export function signOffsShown<S extends { readonly slot: string }>(
  visibleMismatches: readonly Pick<ReconciliationMismatch, 'responsible'>[],
  given: readonly S[],
): { required: SignOffSlot[]; given: S[] } {
  const required = requiredSignOffs(visibleMismatches);
  const slots = new Set(required.map(signOffSlotKey));
  return { required, given: given.filter((signOff) => slots.has(signOff.slot)) };
}

export type SignOffRefusal = 'not-required' | 'already-signed' | 'forbidden';

export type SignOffDecision =
  { ok: true; slot: SignOffSlot } | { ok: false; code: SignOffRefusal; reason: string };

/**
 * Whether this actor may give this signature: a department's leader for the department, a town
 * leader of that town for the unit, the person themselves for the person. Each slot signs once.
 */
export function decideSignOff(
  required: readonly SignOffSlot[],
  signed: readonly string[],
  slotKey: string,
  actor: Actor,
): SignOffDecision {
  const slot = required.find((candidate) => signOffSlotKey(candidate) === slotKey);
  if (!slot)
    return {
      ok: false,
      code: 'not-required',
      reason: `sign-off '${slotKey}' is not required for this reconciliation`,
    };
  if (signed.includes(slotKey))
    return { ok: false, code: 'already-signed', reason: `sign-off '${slotKey}' was already given` };
  switch (slot.role) {
    case 'department':
      return actor.role === 'department-leader' && actor.departmentId === slot.partyId
        ? { ok: true, slot }
        : {
            ok: false,
            code: 'forbidden',
            reason: `only a leader of department '${slot.partyId}' signs for it`,
          };
    case 'unit':
      return actor.role === 'town-leader' && actor.townId === slot.partyId
        ? { ok: true, slot }
        : {
            ok: false,
            code: 'forbidden',
            reason: `only a town leader of '${slot.partyId}' signs for the unit`,
          };
    case 'person':
      return actor.id === slot.partyId
        ? { ok: true, slot }
        : { ok: false, code: 'forbidden', reason: `only '${slot.partyId}' signs for themselves` };
  }
}
