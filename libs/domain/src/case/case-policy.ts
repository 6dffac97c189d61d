import type { CalendarSpec } from '../calendar/calendars';

export type Complexity = 'simple' | 'general' | 'complex';

export const pauseReasons = [
  'waitingForResident',
  'waitingForFunds',
  'waitingForSeason',
  'waitingForThirdParty',
] as const;
export type PauseReason = (typeof pauseReasons)[number];

/**
 * Deadlines a person must meet, each watched: reminders before it falls due (when listed in
 * `remindedDeadlines`) and a chain of escalations after it is missed (`breaches`).
 */
export const watchedDeadlineKinds = [
  'triage', // the town's triage of a case in the ledger (研判)
  'claimWindow', // a department's claim of a published case (认领)
  'handlingPlan', // the lead department's handling plan (办理方案)
  'handling', // the result (办理时限)
  'feedback', // telling the residents the result (反馈)
  'extensionDecision', // a supervisor's decision on an extension request (延期审批)
  'instructionAck', // the handler's acknowledgement of a leader's instruction (批示签收)
  'concentratedReview', // a concentrated issue under the top leaders' supervision (集中突出问题督办)
] as const;
export type WatchedDeadlineKind = (typeof watchedDeadlineKinds)[number];
/** Deadlines that get reminders before they are breached. */
export type RemindedDeadlineKind = WatchedDeadlineKind;

/**
 * Waits of a part of a case that follow the policy's rules for a wait of the case itself, so that
 * a part adds no rule to the policy: a joint task (联合办理) is reminded and escalated like the
 * case's handling deadline.
 */
export const partWaitRules = {
  jointTask: 'handling', // a unit's task in joint handling, for its own deadline
} as const satisfies Record<string, WatchedDeadlineKind>;

/** Every watched wait of a case: the policy's kinds and its parts' (each counted by a policy kind). */
export type CaseWaitKind = WatchedDeadlineKind | keyof typeof partWaitRules;

/** The policy kind whose deadline rules (reminders, escalation chain) a wait follows. */
export function policyKindOf(kind: CaseWaitKind): WatchedDeadlineKind {
  return kind in partWaitRules ? partWaitRules[kind as keyof typeof partWaitRules] : (kind as WatchedDeadlineKind);
}

/** Whom an escalation step goes to; resolved against the org directory when it happens. */
export type EscalationTarget =
  | 'responsibleLeader' // leaders of the lead department, or of the town for village/town cases
  | 'supervisingDistrictLeader' // 分管区领导 of the lead department, or the town's linked district leader
  | 'topDistrictLeaders' // 区委主要领导
  | 'townLeaders' // the leadership of the case's town (镇街党政领导)
  | 'townDistrictLeader'; // the district leader linked to the case's town (联系镇街的区领导)

export interface EscalationStepRule {
  readonly step: number;
  /** Working days after the deadline was breached (not after the previous step). */
  readonly afterWorkingDays: number;
  readonly target: EscalationTarget;
}

/** What follows when a watched deadline is missed. */
export interface BreachRule {
  /** Steps measured from the breach, in order; a step at 0 working days comes with the breach. */
  readonly escalation: readonly EscalationStepRule[];
  /**
   * While the case still waits after the last step, that step's target is told again every so
   * many working days, so that no case ever stops being watched. Null: never again.
   */
  readonly repeatEveryWorkingDays: number | null;
}

/**
 * Every time limit of the loop. A case pins the version it was raised under, so publishing a new
 * version never changes the deadlines of running cases. Never edit a published version: add one.
 * A limit that is null does not exist in that version (its wait has no deadline).
 */
export interface CasePolicy {
  readonly version: string;
  /** Documentation only: from when new cases were raised under this version. */
  readonly effectiveFrom: string;
  /** The clock every working-day and calendar-day limit below is counted on (calendarOf). */
  readonly calendar: CalendarSpec;
  /** For the town's triage of a case in the ledger, from its entry (also after a return). */
  readonly triageWorkingDays: number | null;
  readonly claimWindowWorkingDays: number;
  readonly handlingPlanWorkingDays: number;
  readonly handlingWorkingDays: Readonly<Record<Complexity, number>>;
  readonly reminderFractions: readonly number[];
  readonly remindedDeadlines: readonly RemindedDeadlineKind[];
  /** Escalation chains, by the deadline whose breach starts them. */
  readonly breaches: Readonly<Record<WatchedDeadlineKind, BreachRule>>;
  readonly feedbackWorkingDays: number;
  readonly ratingWindowCalendarDays: number;
  /** The reopening (重办) with this count goes to the supervising leader. */
  readonly reopenEscalatesAt: number;
  readonly extension: { readonly maxWorkingDaysPerRequest: number; readonly maxGranted: number };
  /** For a supervisor to decide an extension request. */
  readonly extensionDecisionWorkingDays: number | null;
  /** For the handler to acknowledge a leader's instruction (批示). */
  readonly instructionAckWorkingDays: number;
  /** For a concentrated issue to be resolved once flagged; null: no deadline of its own. */
  readonly concentratedReviewWorkingDays: number | null;
  readonly pauseReasons: Readonly<Record<PauseReason, { readonly maxWorkingDays: number }>>;
  /** The paused time a case may collect in all, over every pause; null: no cap. */
  readonly pauseTotalMaxWorkingDays: number | null;
  /**
   * 'never': the handler pauses on their own. 'repeatOrLonger': a second pause, or one longer than
   * its reason's cap, waits for the supervising leader's approval.
   */
  readonly pauseApproval: 'never' | 'repeatOrLonger';
  /** A concentrated issue: at least `minCases` open cases of one category in one town within `windowDays`. */
  readonly cluster: { readonly minCases: number; readonly windowDays: number };
}

export type PolicyRegistry = readonly CasePolicy[];

const overdueChain: readonly EscalationStepRule[] = [
  { step: 1, afterWorkingDays: 0, target: 'responsibleLeader' },
  { step: 2, afterWorkingDays: 2, target: 'supervisingDistrictLeader' },
  { step: 3, afterWorkingDays: 5, target: 'topDistrictLeaders' },
];

const instructionAckRule: BreachRule = {
  escalation: [
    { step: 1, afterWorkingDays: 0, target: 'supervisingDistrictLeader' },
    { step: 2, afterWorkingDays: 2, target: 'topDistrictLeaders' },
  ],
  repeatEveryWorkingDays: 5,
};

const policy2025: CasePolicy = {
  version: '2025.1',
  effectiveFrom: '2025-01-01',
  calendar: { kind: 'chinaMainland' },
  triageWorkingDays: null,
  claimWindowWorkingDays: 2,
  handlingPlanWorkingDays: 2,
  handlingWorkingDays: { simple: 5, general: 15, complex: 30 },
  reminderFractions: [0.5, 0.8],
  remindedDeadlines: ['claimWindow', 'handlingPlan', 'handling', 'feedback'],
  breaches: {
    triage: { escalation: [], repeatEveryWorkingDays: null },
    // An unclaimed case goes straight to the supervising district leader of the best-matching department.
    claimWindow: { escalation: [{ step: 1, afterWorkingDays: 0, target: 'supervisingDistrictLeader' }], repeatEveryWorkingDays: null },
    handlingPlan: { escalation: [], repeatEveryWorkingDays: null },
    handling: { escalation: overdueChain, repeatEveryWorkingDays: null },
    feedback: { escalation: [], repeatEveryWorkingDays: null },
    extensionDecision: { escalation: [], repeatEveryWorkingDays: null },
    // Instructions came after 2025.1 was published; its cases get the same rule as 2026.2's.
    instructionAck: instructionAckRule,
    concentratedReview: { escalation: [], repeatEveryWorkingDays: null },
  },
  feedbackWorkingDays: 2,
  ratingWindowCalendarDays: 7,
  reopenEscalatesAt: 2,
  extension: { maxWorkingDaysPerRequest: 15, maxGranted: 2 },
  extensionDecisionWorkingDays: null,
  instructionAckWorkingDays: 1,
  concentratedReviewWorkingDays: null,
  pauseReasons: {
    waitingForResident: { maxWorkingDays: 10 },
    waitingForFunds: { maxWorkingDays: 30 },
    waitingForSeason: { maxWorkingDays: 60 },
    waitingForThirdParty: { maxWorkingDays: 15 },
  },
  pauseTotalMaxWorkingDays: null,
  pauseApproval: 'never',
  cluster: { minCases: 3, windowDays: 30 },
};

/** A chain that ends with the top district leaders, then tells them again every 5 working days. */
const toTheTop = (first: EscalationTarget, second: EscalationTarget): BreachRule => ({
  escalation: [
    { step: 1, afterWorkingDays: 0, target: first },
    { step: 2, afterWorkingDays: 2, target: second },
    { step: 3, afterWorkingDays: 5, target: 'topDistrictLeaders' },
  ],
  repeatEveryWorkingDays: 5,
});

/**
 * No case waits unwatched: every wait has a deadline, reminders before it and a chain up to the
 * top district leaders after it (who are then told again every 5 working days); the pause total is
 * capped and a second or longer pause needs the supervising leader.
 */
const policy2026: CasePolicy = {
  ...policy2025,
  version: '2026.2',
  effectiveFrom: '2026-12-07',
  triageWorkingDays: 3,
  remindedDeadlines: [...watchedDeadlineKinds],
  breaches: {
    triage: toTheTop('townLeaders', 'townDistrictLeader'),
    claimWindow: {
      escalation: [
        { step: 1, afterWorkingDays: 0, target: 'supervisingDistrictLeader' },
        { step: 2, afterWorkingDays: 3, target: 'topDistrictLeaders' },
      ],
      repeatEveryWorkingDays: 5,
    },
    // A missed plan is told to the department's leaders; the handling deadline keeps running.
    handlingPlan: { escalation: [], repeatEveryWorkingDays: null },
    handling: { escalation: overdueChain, repeatEveryWorkingDays: 5 },
    feedback: toTheTop('townLeaders', 'townDistrictLeader'),
    extensionDecision: { escalation: [{ step: 1, afterWorkingDays: 0, target: 'topDistrictLeaders' }], repeatEveryWorkingDays: 5 },
    instructionAck: instructionAckRule,
    concentratedReview: { escalation: [{ step: 1, afterWorkingDays: 0, target: 'topDistrictLeaders' }], repeatEveryWorkingDays: 5 },
  },
  extensionDecisionWorkingDays: 2,
  concentratedReviewWorkingDays: 10,
  pauseTotalMaxWorkingDays: 60,
  pauseApproval: 'repeatOrLonger',
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

/** 2026.2's limits on the same compressed clock: every wait watched, in seconds. */
const demoCompressed2026: CasePolicy = {
  ...policy2026,
  version: 'demo-compressed-2026.2',
  calendar: { kind: 'compressed', dayMs: 2000 },
};

/** Published versions, oldest first; the last entry is the one new cases pin. */
export const policyVersions: PolicyRegistry = [policy2025, policy2026];

/**
 * The version cases started before the case API named the version in the workflow's input ran
 * under: their histories replay with it, whatever is latest now.
 */
export const versionBeforePinnedStarts = '2025.1';

/** Versions for demonstrations and real-time tests; pinned only when named at raising. */
export const demonstrationPolicies: PolicyRegistry = [demoCompressed, demoCompressed2026];

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
