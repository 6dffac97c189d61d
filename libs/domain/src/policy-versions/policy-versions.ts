import { shanghaiDateOf, startOfShanghaiDay } from '../calendar/shanghai-time';
import { type CasePolicy, registeredPolicies } from '../case/case-policy';
import { type Instant, toEpochMs } from '../instant';

// Case policies as data: drafts an administrator edits, and published versions that never change.
// These are the rules about the versions themselves (which one is in force, how a draft is named,
// what a publication needs); the rules inside a version are case-policy.ts and policy-validation.ts.

export type PolicyVersionStatus = 'draft' | 'published';

/** What the rules need to know of a stored version. */
export interface PolicyVersionStamp {
  readonly version: string;
  readonly status: PolicyVersionStatus;
  /** From when new cases pin it; null for drafts. */
  readonly effectiveAt: Instant | null;
  readonly publishedAt: Instant | null;
}

/**
 * The version new cases pin at `now`: the latest published version whose effective time has come
 * (a version published later for the same instant wins). Undefined when none has come yet.
 */
export function policyInForce<T extends PolicyVersionStamp>(versions: readonly T[], now: Instant): T | undefined {
  const at = toEpochMs(now);
  let best: T | undefined;
  for (const v of versions) {
    if (v.status !== 'published' || v.effectiveAt === null || toEpochMs(v.effectiveAt) > at) continue;
    if (!best || laterInForce(v, best)) best = v;
  }
  return best;
}

function laterInForce(a: PolicyVersionStamp, b: PolicyVersionStamp): boolean {
  const byEffective = toEpochMs(a.effectiveAt ?? 0) - toEpochMs(b.effectiveAt ?? 0);
  if (byEffective !== 0) return byEffective > 0;
  const byPublished = toEpochMs(a.publishedAt ?? 0) - toEpochMs(b.publishedAt ?? 0);
  if (byPublished !== 0) return byPublished > 0;
  return a.version > b.version;
}

/** The first instant after `now` at which another published version comes into force, or null. */
export function nextTakeOver(versions: readonly PolicyVersionStamp[], now: Instant): number | null {
  const at = toEpochMs(now);
  let next: number | null = null;
  for (const v of versions) {
    if (v.status !== 'published' || v.effectiveAt === null) continue;
    const when = toEpochMs(v.effectiveAt);
    if (when > at && (next === null || when < next)) next = when;
  }
  return next;
}

/** A version's name: a year and a number ('2027.1'), or words joined by '.', '-' or '_'. */
export const POLICY_VERSION_PATTERN = /^[0-9A-Za-z][0-9A-Za-z._-]{0,39}$/;

/**
 * The name of a new draft: this Shanghai year's next number after every version stored or compiled
 * in (2026.2 stored → 2026.3), so a draft never takes a name a case may already have pinned.
 */
export function nextDraftVersion(taken: readonly string[], now: Instant): string {
  const year = shanghaiDateOf(now).slice(0, 4);
  const names = new Set([...taken, ...registeredPolicies.map((p) => p.version)]);
  let highest = 0;
  for (const name of names) {
    const match = /^(\d{4})\.(\d+)$/.exec(name);
    if (match && match[1] === year) highest = Math.max(highest, Number(match[2]));
  }
  return `${year}.${highest + 1}`;
}

/** A draft's body: the version it was made from, under the draft's own name and without a date. */
export function draftOf(base: CasePolicy, version: string): CasePolicy {
  return { ...structuredCopy(base), version, effectiveFrom: '' };
}

/** The body as published: its documentation date is the Shanghai day it comes into force. */
export function publishedBody(draft: CasePolicy, effectiveAt: Instant): CasePolicy {
  return { ...draft, effectiveFrom: shanghaiDateOf(effectiveAt) };
}

function structuredCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export type PublicationProblemCode = 'required' | 'too-long' | 'in-the-past' | 'not-a-draft';

export interface PublicationProblem {
  readonly field: 'name' | 'reason' | 'effectiveAt' | 'status';
  readonly code: PublicationProblemCode;
  readonly message: string;
  /** The figures of the rule (`maximum` characters for too-long), for a form in the reader's language. */
  readonly params?: Readonly<Record<string, number>>;
}

/** How far in the past a requested effective time may lie (clocks differ): it then means "now". */
export const EFFECTIVE_AT_TOLERANCE_MS = 5 * 60 * 1000;
export const MAX_POLICY_NAME = 100;
export const MAX_POLICY_REASON = 2000;

export interface PublicationRequest {
  readonly status: PolicyVersionStatus;
  readonly name: string;
  readonly reason: string;
  readonly effectiveAt: Instant;
}

/**
 * What a publication lacks: a name and a reason people will read, and an effective time that has
 * not passed (a version never applies to cases raised before it was published). Empty when fine.
 */
export function checkPublication(request: PublicationRequest, now: Instant): PublicationProblem[] {
  const problems: PublicationProblem[] = [];
  if (request.status !== 'draft') problems.push({ field: 'status', code: 'not-a-draft', message: 'only a draft can be published; a published version never changes' });
  const text = (field: 'name' | 'reason', value: string, max: number) => {
    if (!value.trim()) problems.push({ field, code: 'required', message: `${field} must be given` });
    else if (value.length > max) problems.push({ field, code: 'too-long', message: `${field} must be at most ${max} characters`, params: { maximum: max } });
  };
  text('name', request.name, MAX_POLICY_NAME);
  text('reason', request.reason, MAX_POLICY_REASON);
  if (toEpochMs(request.effectiveAt) < toEpochMs(now) - EFFECTIVE_AT_TOLERANCE_MS) {
    problems.push({ field: 'effectiveAt', code: 'in-the-past', message: 'the effective time must not have passed' });
  }
  return problems;
}

/** The effective time stored: never before the publication itself, so no earlier case is concerned. */
export function effectiveInstant(requested: Instant, now: Instant): number {
  return Math.max(toEpochMs(requested), toEpochMs(now));
}

/**
 * When a compiled version, stored as a first row, counts as in force: its documented date (00:00
 * Shanghai) — except the latest, which new cases already pinned whatever its date said, and so is
 * in force from the seeding on at the latest.
 */
export function seededEffectiveAt(policy: CasePolicy, latest: boolean, now: Instant): number {
  const documented = startOfShanghaiDay(policy.effectiveFrom);
  return latest ? Math.min(documented, toEpochMs(now)) : documented;
}

export const DEFAULT_WHAT_IF_MONTHS = 6;
export const MAX_WHAT_IF_MONTHS = 24;

/** The recorded history a what-if reads: cases raised in the `months` calendar months before `until`. */
export function whatIfWindow(until: Instant, months: number): { from: string; until: string } {
  const end = new Date(toEpochMs(until));
  const start = new Date(end.getTime());
  start.setUTCMonth(start.getUTCMonth() - months);
  return { from: start.toISOString(), until: end.toISOString() };
}
