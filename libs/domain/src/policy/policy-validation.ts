import { type CasePolicy, type EscalationTarget, pauseReasons, watchedDeadlineKinds } from '../case/case-policy';
import type { Directory } from '../organisation/duty-list';

export type PolicyProblemCode =
  | 'not-whole-days'
  | 'out-of-range'
  | 'fraction'
  | 'not-ascending'
  | 'unknown-kind'
  | 'step-numbers'
  | 'step-order'
  | 'unresolved-target'
  | 'required';

/** What is wrong with a policy, at one field (a dotted path into the policy); params for a translation. */
export interface PolicyProblem {
  readonly field: string;
  readonly code: PolicyProblemCode;
  readonly params: Readonly<Record<string, string | number>>;
  readonly message: string;
}

/** Longest limit a policy may set, in working days: a year and a half of them. */
const MAX_DAYS = 400;

/**
 * Every problem of a policy: positive whole durations, reminder points inside their deadline, each
 * escalation chain numbered and ordered, and every target the chains name resolvable in the
 * organisation (a chain to leaders the directory does not have would escalate to nobody). Empty
 * when the policy may be published.
 */
export function validateCasePolicy(policy: CasePolicy, directory: Directory): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const problem = (field: string, code: PolicyProblemCode, message: string, params: Record<string, string | number> = {}) =>
    problems.push({ field, code, params, message });
  const days = (field: string, value: number | null, { min = 1, optional = false } = {}) => {
    if (value === null) {
      if (!optional) problem(field, 'required', `${field} must be set`);
      return;
    }
    if (!Number.isInteger(value)) problem(field, 'not-whole-days', `${field} must be a whole number of days`, { value });
    else if (value < min || value > MAX_DAYS)
      problem(field, 'out-of-range', `${field} must be ${min} to ${MAX_DAYS}`, { value, min, max: MAX_DAYS });
  };

  if (!policy.version.trim()) problem('version', 'required', 'a version needs a name');
  days('triageWorkingDays', policy.triageWorkingDays, { optional: true });
  days('claimWindowWorkingDays', policy.claimWindowWorkingDays);
  days('handlingPlanWorkingDays', policy.handlingPlanWorkingDays);
  for (const complexity of ['simple', 'general', 'complex'] as const) {
    days(`handlingWorkingDays.${complexity}`, policy.handlingWorkingDays[complexity]);
  }
  days('feedbackWorkingDays', policy.feedbackWorkingDays);
  days('ratingWindowCalendarDays', policy.ratingWindowCalendarDays);
  days('extensionDecisionWorkingDays', policy.extensionDecisionWorkingDays, { optional: true });
  days('instructionAckWorkingDays', policy.instructionAckWorkingDays);
  days('concentratedReviewWorkingDays', policy.concentratedReviewWorkingDays, { optional: true });
  days('extension.maxWorkingDaysPerRequest', policy.extension.maxWorkingDaysPerRequest);
  days('extension.maxGranted', policy.extension.maxGranted, { min: 0 });
  days('reopenEscalatesAt', policy.reopenEscalatesAt);
  for (const reason of pauseReasons) days(`pauseReasons.${reason}.maxWorkingDays`, policy.pauseReasons[reason].maxWorkingDays);
  days('pauseTotalMaxWorkingDays', policy.pauseTotalMaxWorkingDays, { optional: true });
  days('cluster.minCases', policy.cluster.minCases, { min: 2 });
  days('cluster.windowDays', policy.cluster.windowDays);

  policy.reminderFractions.forEach((fraction, i) => {
    if (!(fraction > 0 && fraction < 1)) {
      problem(`reminderFractions[${i}]`, 'fraction', 'a reminder falls strictly inside its deadline: between 0 and 1', { value: fraction });
    }
    const before = policy.reminderFractions[i - 1];
    if (before !== undefined && fraction <= before) {
      problem(`reminderFractions[${i}]`, 'not-ascending', 'reminder points go in ascending order, each once', { value: fraction });
    }
  });
  policy.remindedDeadlines.forEach((kind, i) => {
    if (!(watchedDeadlineKinds as readonly string[]).includes(kind)) {
      problem(`remindedDeadlines[${i}]`, 'unknown-kind', `'${kind}' is not a deadline kind`, { value: kind });
    }
  });

  for (const kind of watchedDeadlineKinds) {
    const rule = policy.breaches[kind];
    const base = `breaches.${kind}`;
    days(`${base}.repeatEveryWorkingDays`, rule.repeatEveryWorkingDays, { optional: true });
    const steps = rule.escalation.map((s) => s.step);
    if (steps.some((step, i) => step !== i + 1)) {
      problem(`${base}.escalation`, 'step-numbers', 'the steps of a chain are numbered 1, 2, 3… in order', { steps: steps.join(',') });
    }
    rule.escalation.forEach((step, i) => {
      days(`${base}.escalation[${i}].afterWorkingDays`, step.afterWorkingDays, { min: 0 });
      const before = rule.escalation[i - 1];
      if (before && step.afterWorkingDays < before.afterWorkingDays) {
        problem(`${base}.escalation[${i}].afterWorkingDays`, 'step-order', 'a later step cannot come before an earlier one', {
          step: step.step,
        });
      }
      const unresolved = unresolvedTarget(step.target, directory);
      if (unresolved) {
        problem(`${base}.escalation[${i}].target`, 'unresolved-target', unresolved, { target: step.target });
      }
    });
  }
  return problems;
}

/** Why a target would reach nobody in this organisation, or null when everyone it names exists. */
function unresolvedTarget(target: EscalationTarget, directory: Directory): string | null {
  const missing = (what: string, ids: readonly string[]) => (ids.length ? `${what}: ${ids.join(', ')}` : null);
  switch (target) {
    case 'topDistrictLeaders':
      return directory.topDistrictLeaderIds.length ? null : 'the organisation has no top district leaders';
    case 'townLeaders':
      return missing('towns without leaders', directory.towns.filter((t) => t.leaderIds.length === 0).map((t) => t.id));
    case 'townDistrictLeader':
      return missing('towns without a linked district leader', directory.towns.filter((t) => !t.linkedDistrictLeaderId).map((t) => t.id));
    case 'supervisingDistrictLeader':
      return missing(
        'departments without a supervising district leader',
        directory.departments.filter((d) => !d.supervisingLeaderId).map((d) => d.id),
      );
    case 'responsibleLeader':
      return missing('departments without leaders', directory.departments.filter((d) => d.leaderIds.length === 0).map((d) => d.id));
  }
}

/** One field that differs between two policies: a dotted path and both values. */
export interface PolicyChange {
  readonly field: string;
  readonly from: unknown;
  readonly to: unknown;
}

/** The fields in which `to` differs from `from` (the version and its dates aside), in a stable order. */
export function diffPolicies(from: CasePolicy, to: CasePolicy): PolicyChange[] {
  const changes: PolicyChange[] = [];
  const walk = (path: string, a: unknown, b: unknown) => {
    if (Array.isArray(a) || Array.isArray(b) || a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
      if (JSON.stringify(a) !== JSON.stringify(b)) changes.push({ field: path, from: a, to: b });
      return;
    }
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const key of keys) {
      walk(path ? `${path}.${key}` : key, (a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]);
    }
  };
  const { version: _a, effectiveFrom: _b, ...rest } = from;
  const { version: _c, effectiveFrom: _d, ...other } = to;
  walk('', rest, other);
  return changes;
}
