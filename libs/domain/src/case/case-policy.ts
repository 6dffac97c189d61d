import type { CalendarSpec } from '../calendar/calendars';

export type Complexity = 'simple' | 'general' | 'complex';

export const pauseReasons = [
  'waitingForResident',
  'waitingForFunds',
  'waitingForSeason',
  'waitingForThirdParty',
] as const;
export type PauseReason = (typeof pauseReasons)[number];

/** Deadlines that get reminders before they are breached. */
export type RemindedDeadlineKind = 'claimWindow' | 'handlingPlan' | 'handling' | 'feedback';

/** Whom an escalation step goes to; resolved against the org directory when it happens. */
export type EscalationTarget =
  | 'responsibleLeader' // leaders of the lead department, or of the town for village/town cases
  | 'supervisingDistrictLeader' // 分管区领导 of the lead department, or the town's linked district leader
  | 'topDistrictLeaders'; // 区委主要领导

export interface EscalationStepRule {
  readonly step: number;
  /** Working days after the handling deadline was breached (not after the previous step). */
  readonly afterWorkingDays: number;
  readonly target: EscalationTarget;
}

/**
 * Every time limit of the loop. A case pins the version it was raised under, so publishing a new
 * version never changes the deadlines of running cases. Never edit a published version: add one.
 */
export interface CasePolicy {
  readonly version: string;
  /** Documentation only: from when new cases were raised under this version. */
  readonly effectiveFrom: string;
  /** The clock every working-day and calendar-day limit below is counted on (calendarOf). */
  readonly calendar: CalendarSpec;
  readonly claimWindowWorkingDays: number;
  readonly handlingPlanWorkingDays: number;
  readonly handlingWorkingDays: Readonly<Record<Complexity, number>>;
  readonly reminderFractions: readonly number[];
  readonly remindedDeadlines: readonly RemindedDeadlineKind[];
  readonly overdueEscalation: readonly EscalationStepRule[];
  readonly feedbackWorkingDays: number;
  readonly ratingWindowCalendarDays: number;
  /** The reopening (重办) with this count goes to the supervising leader. */
  readonly reopenEscalatesAt: number;
  readonly extension: { readonly maxWorkingDaysPerRequest: number; readonly maxGranted: number };
  readonly pauseReasons: Readonly<Record<PauseReason, { readonly maxWorkingDays: number }>>;
  /** A concentrated issue: at least `minCases` open cases of one category in one town within `windowDays`. */
  readonly cluster: { readonly minCases: number; readonly windowDays: number };
}

export type PolicyRegistry = readonly CasePolicy[];

const policy2025: CasePolicy = {
  version: '2025.1',
  effectiveFrom: '2025-01-01',
  calendar: { kind: 'chinaMainland' },
  claimWindowWorkingDays: 2,
  handlingPlanWorkingDays: 2,
  handlingWorkingDays: { simple: 5, general: 15, complex: 30 },
  reminderFractions: [0.5, 0.8],
  remindedDeadlines: ['claimWindow', 'handlingPlan', 'handling', 'feedback'],
  overdueEscalation: [
    { step: 1, afterWorkingDays: 0, target: 'responsibleLeader' },
    { step: 2, afterWorkingDays: 2, target: 'supervisingDistrictLeader' },
    { step: 3, afterWorkingDays: 5, target: 'topDistrictLeaders' },
  ],
  feedbackWorkingDays: 2,
  ratingWindowCalendarDays: 7,
  reopenEscalatesAt: 2,
  extension: { maxWorkingDaysPerRequest: 15, maxGranted: 2 },
  pauseReasons: {
    waitingForResident: { maxWorkingDays: 10 },
    waitingForFunds: { maxWorkingDays: 30 },
    waitingForSeason: { maxWorkingDays: 60 },
    waitingForThirdParty: { maxWorkingDays: 15 },
  },
  cluster: { minCases: 3, windowDays: 30 },
};

/**
 * 2025.1's limits on a compressed clock where a working day lasts 2 s, so that real-time end-to-end
 * tests against a Temporal server and the live demo see the whole loop (a 2-working-day claim
 * window ≈ 4 s) with no special case in the rules. Never the default: a case pins it only when
 * its raiser names it.
 */
const demoCompressed: CasePolicy = {
  ...policy2025,
  version: 'demo-compressed',
  calendar: { kind: 'compressed', dayMs: 2000 },
};

/** Published versions, oldest first; the last entry is the one new cases pin. */
export const policyVersions: PolicyRegistry = [policy2025];

/** Versions for demonstrations and real-time tests; pinned only when named at raising. */
export const demonstrationPolicies: PolicyRegistry = [demoCompressed];

/** Every version a case may be pinned to: the default registry for looking a version up. */
export const registeredPolicies: PolicyRegistry = [...policyVersions, ...demonstrationPolicies];

/**
 * The version new cases pin when the raiser names none. A registry passed in explicitly (tests)
 * is taken as a published line: its last entry.
 */
export function latestPolicy(registry: PolicyRegistry = policyVersions): CasePolicy {
  const latest = registry[registry.length - 1];
  if (!latest) throw new Error('the case policy registry is empty');
  return latest;
}

export const currentPolicy: CasePolicy = latestPolicy();

export function findPolicy(version: string, registry: PolicyRegistry = registeredPolicies): CasePolicy | undefined {
  return registry.find((p) => p.version === version);
}

/** e.g. "unknown case policy version 'x'; known versions: '2025.1', 'demo-compressed'". */
export function unknownPolicyMessage(version: string, registry: PolicyRegistry = registeredPolicies): string {
  const known = registry.map((p) => `'${p.version}'`).join(', ');
  return `unknown case policy version '${version}'; known versions: ${known}`;
}

export function getPolicy(version: string, registry: PolicyRegistry = registeredPolicies): CasePolicy {
  const policy = findPolicy(version, registry);
  if (!policy) throw new Error(unknownPolicyMessage(version, registry));
  return policy;
}
