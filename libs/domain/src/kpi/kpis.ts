import type { Rating } from '../case/case-state';
import type { CaseFact, EscalationFact, KpiFacts, MediationFact, MeetingFact, RatingFact } from './kpi-facts';
import { periodOf, type Period, type PeriodGranularity } from './kpi-period';
import type { KpiPolicy } from './kpi-policy';

/**
 * What KPIs can be grouped and filtered by. `department` is the district department that handled a
 * case (cases handled by a village or town have none); `localUnit` is the village or town that
 * handled one itself, as `village:<id>` or `town:<id>`.
 */
export const kpiDimensions = ['level', 'town', 'village', 'department', 'localUnit', 'leader', 'category'] as const;
export type KpiDimension = (typeof kpiDimensions)[number];

export interface KpiQuery {
  /** Shanghai calendar days, `from` inclusive, `to` exclusive. */
  readonly from: string;
  readonly to: string;
  readonly granularity: PeriodGranularity;
  readonly groupBy?: KpiDimension;
  /** Keep only facts whose value of that dimension is the given one (e.g. { town: 'laifeng' }). */
  readonly filter?: Partial<Record<KpiDimension, string>>;
}

/** A rate with what it was computed from; `value` is null when the denominator is 0. */
export interface Rate {
  readonly numerator: number;
  readonly denominator: number;
  readonly value: number | null;
}

export interface Figures {
  /** Meetings closed in the period (DOMAIN.md: "meetings closed in the period"). */
  readonly meetingsHeld: number;
  /** Σ attendees ÷ Σ households at home, over meetings closed in the period with attendance recorded. */
  readonly participationRate: Rate;
  /** Cases raised in the period, by every channel. */
  readonly casesRaised: number;
  /** Cases raised in the period at a meeting (channel `meeting`). */
  readonly casesRaisedAtMeetings: number;
  /** Cases raised at a meeting in the period and resolved there. */
  readonly resolvedOnSpot: number;
  /** 就地解决率: resolved on the spot ÷ raised at meetings, both by the period the case was raised in. */
  readonly onSiteResolutionRate: Rate;
  /** Cases closed in the period. Every closure of the loop is a resolution (on the spot, rated, or not rated after a reported result). */
  readonly casesResolved: number;
  /** Claimed in the period by the claim deadline ÷ claimed in the period. */
  readonly onTimeClaimRate: Rate;
  /** Results reported in the period before the handling deadline ÷ results reported in the period. */
  readonly onTimeCompletionRate: Rate;
  /** Cases raised in the period that have missed at least one deadline so far. */
  readonly overdueCases: number;
  /** Escalations in the period, in total and by step (1 = responsible leader, 2 = supervising district leader, 3 = top leaders). */
  readonly escalations: number;
  readonly escalationsByStep: Readonly<Record<string, number>>;
  /** Distinct cases escalated in the period. */
  readonly escalatedCases: number;
  /** Published → claimed, in hours, over cases claimed in the period (null when none). */
  readonly meanHoursToClaim: number | null;
  readonly medianHoursToClaim: number | null;
  /** Raised → closed, in hours, over cases closed in the period after a reported result (on-the-spot cases excluded). */
  readonly meanHoursToResolve: number | null;
  readonly medianHoursToResolve: number | null;
  /** Response rate (三率): results reported in the period whose residents were told (feedback given) ÷ results reported in the period. */
  readonly responseRate: Rate;
  /** Resolution rate (三率): cases closed in the period with the residents' confirmation (on the spot or a satisfied / basically satisfied rating) ÷ cases closed in the period. */
  readonly resolutionRate: Rate;
  /** Satisfaction rate (三率): Σ policy weight of each rating given in the period ÷ ratings given in the period. */
  readonly satisfactionRate: Rate;
  /** The three rates combined with the policy's weights; null if any of them is. */
  readonly threeRateScore: number | null;
  /** 认可度: satisfied + basically satisfied ratings ÷ ratings given, both in the period. Every rating counts, reopened rounds too. */
  readonly approvalRate: Rate;
  /** Cases closed in the period after a result that had been reopened at least once ÷ cases closed in the period after a result. */
  readonly reopenRate: Rate;
  /** Disputes mediated in the period (调解矛盾纠纷), counted from mediation records by the day they were mediated. */
  readonly mediations: number;
  /** 调解成功率: mediations in the period that reached an agreement in full ÷ mediations in the period. */
  readonly mediationSuccessRate: Rate;
  /** Agreements of the period's mediations found to hold at their follow-up ÷ those followed up so far. */
  readonly agreementsHeldRate: Rate;
}

export interface KpiRow {
  readonly period: Period;
  /** The value of the grouping dimension; '(none)' when the fact has no value for it. */
  readonly group: string | null;
  readonly figures: Figures;
}

const NONE = '(none)';
const HOUR_MS = 60 * 60 * 1000;
const approving: readonly string[] = ['satisfied', 'basicallySatisfied'] satisfies Rating[];
const confirmedClosures: readonly string[] = ['resolvedOnSpot', 'satisfied', 'basicallySatisfied'];

/**
 * Each figure is attributed to the period of the instant its definition names (closing, raising,
 * claiming, reporting, rating, escalating), in Asia/Shanghai. Facts outside [from, to) are left out;
 * a period with no fact for any figure gives no row.
 */
export function computeKpis(facts: KpiFacts, query: KpiQuery, policy: KpiPolicy): KpiRow[] {
  const casesById = new Map(facts.cases.map((c) => [c.caseId, c]));
  const caseDim = (c: CaseFact | undefined, d: KpiDimension) => (c ? caseDimension(c, d) : null);
  const keep = (value: (d: KpiDimension) => string | null) =>
    Object.entries(query.filter ?? {}).every(([d, wanted]) => value(d as KpiDimension) === wanted);
  const groupOf = (value: (d: KpiDimension) => string | null) =>
    query.groupBy ? (value(query.groupBy) ?? NONE) : null;

  const buckets = new Map<string, Bucket>();
  const bucket = (instant: string | null, value: (d: KpiDimension) => string | null): Bucket | null => {
    if (!instant || !keep(value)) return null;
    const period = periodOf(instant, query.granularity, query);
    if (!period) return null;
    const group = groupOf(value);
    const key = `${period.key}\u0000${group ?? ''}`;
    let found = buckets.get(key);
    if (!found) {
      found = new Bucket(period, group);
      buckets.set(key, found);
    }
    return found;
  };

  for (const m of facts.meetings) {
    const b = bucket(m.closedAt, (d) => meetingDimension(m, d));
    if (b) b.meetingsClosed.push(m);
  }
  for (const c of facts.cases) {
    const value = (d: KpiDimension) => caseDimension(c, d);
    bucket(c.raisedAt, value)?.raised.push(c);
    bucket(c.closedAt, value)?.closed.push(c);
    bucket(c.claimedAt, value)?.claimed.push(c);
    bucket(c.resultReportedAt, value)?.reported.push(c);
  }
  for (const r of facts.ratings)
    bucket(r.ratedAt, (d) => caseDim(casesById.get(r.caseId), d))?.ratings.push(r);
  for (const e of facts.escalations)
    bucket(e.escalatedAt, (d) => caseDim(casesById.get(e.caseId), d))?.escalations.push(e);
  for (const m of facts.mediations ?? []) bucket(m.mediatedAt, (d) => mediationDimension(m, d))?.mediations.push(m);

  return [...buckets.values()]
    .sort(
      (a, b) => a.period.from.localeCompare(b.period.from) || (a.group ?? '').localeCompare(b.group ?? ''),
    )
    .map((b) => ({ period: b.period, group: b.group, figures: figuresOf(b, policy) }));
}

class Bucket {
  readonly meetingsClosed: MeetingFact[] = [];
  readonly raised: CaseFact[] = [];
  readonly closed: CaseFact[] = [];
  readonly claimed: CaseFact[] = [];
  readonly reported: CaseFact[] = [];
  readonly ratings: RatingFact[] = [];
  readonly escalations: EscalationFact[] = [];
  readonly mediations: MediationFact[] = [];
  constructor(
    readonly period: Period,
    readonly group: string | null,
  ) {}
}

function figuresOf(b: Bucket, policy: KpiPolicy): Figures {
  const attended = b.meetingsClosed.filter((m) => m.attendees !== null && m.householdsAtHome !== null);
  const atMeetings = b.raised.filter((c) => c.channel === 'meeting');
  const afterResult = b.closed.filter((c) => c.closure !== 'resolvedOnSpot');
  const followedUp = b.mediations.filter((m) => m.agreementHeld !== null);
  const escalationsByStep: Record<string, number> = {};
  for (const e of b.escalations)
    escalationsByStep[String(e.step)] = (escalationsByStep[String(e.step)] ?? 0) + 1;

  const responseRate = rate(
    count(b.reported, (c) => c.feedbackAt !== null),
    b.reported.length,
  );
  const resolutionRate = rate(
    count(b.closed, (c) => confirmedClosures.includes(c.closure ?? '')),
    b.closed.length,
  );
  const satisfactionRate = rate(
    sum(b.ratings, (r) => policy.satisfactionWeights[r.rating as Rating] ?? 0),
    b.ratings.length,
  );
  const hoursToClaim = b.claimed.flatMap((c) => hoursBetween(c.publishedAt, c.claimedAt));
  const hoursToResolve = afterResult.flatMap((c) => hoursBetween(c.raisedAt, c.closedAt));

  return {
    meetingsHeld: b.meetingsClosed.length,
    participationRate: rate(
      sum(attended, (m) => m.attendees ?? 0),
      sum(attended, (m) => m.householdsAtHome ?? 0),
    ),
    casesRaised: b.raised.length,
    casesRaisedAtMeetings: atMeetings.length,
    resolvedOnSpot: count(atMeetings, (c) => c.resolvedOnSpot),
    onSiteResolutionRate: rate(
      count(atMeetings, (c) => c.resolvedOnSpot),
      atMeetings.length,
    ),
    casesResolved: b.closed.length,
    onTimeClaimRate: rate(count(b.claimed, claimedOnTime), b.claimed.length),
    onTimeCompletionRate: rate(
      count(b.reported, (c) => c.resultOverdue === false),
      b.reported.length,
    ),
    overdueCases: count(b.raised, (c) => c.deadlinesMissed > 0),
    escalations: b.escalations.length,
    escalationsByStep,
    escalatedCases: new Set(b.escalations.map((e) => e.caseId)).size,
    meanHoursToClaim: mean(hoursToClaim),
    medianHoursToClaim: median(hoursToClaim),
    meanHoursToResolve: mean(hoursToResolve),
    medianHoursToResolve: median(hoursToResolve),
    responseRate,
    resolutionRate,
    satisfactionRate,
    threeRateScore:
      responseRate.value === null || resolutionRate.value === null || satisfactionRate.value === null
        ? null
        : policy.threeRateWeights.response * responseRate.value +
          policy.threeRateWeights.resolution * resolutionRate.value +
          policy.threeRateWeights.satisfaction * satisfactionRate.value,
    approvalRate: rate(
      count(b.ratings, (r) => approving.includes(r.rating)),
      b.ratings.length,
    ),
    reopenRate: rate(
      count(afterResult, (c) => c.reopenCount > 0),
      afterResult.length,
    ),
    mediations: b.mediations.length,
    mediationSuccessRate: rate(
      count(b.mediations, (m) => m.outcome === 'agreed'),
      b.mediations.length,
    ),
    agreementsHeldRate: rate(
      count(followedUp, (m) => m.agreementHeld === true),
      followedUp.length,
    ),
  };
}

/** By the claim deadline when it is known, else as the claim event told it (a late claim follows an expired window). */
function claimedOnTime(c: CaseFact): boolean {
  if (c.claimedAt && c.claimDueAt) return Date.parse(c.claimedAt) <= Date.parse(c.claimDueAt);
  return c.claimedLate === false;
}

function caseDimension(c: CaseFact, d: KpiDimension): string | null {
  switch (d) {
    case 'level':
      return c.handlingLevel;
    case 'town':
      return c.townId;
    case 'village':
      return c.villageId;
    case 'department':
      // Older facts kept the village's or town's id as the unit of a case handled locally.
      return localUnitOf(c) === null ? c.departmentId : null;
    case 'localUnit':
      return localUnitOf(c);
    case 'leader':
      return c.leaderId;
    case 'category':
      return c.category;
  }
}

/** The village or town that handles a case itself (分级办理 below the district), as `village:<id>` or `town:<id>`. */
function localUnitOf(c: CaseFact): string | null {
  if (c.handlingLevel === 'village') return c.villageId ? `village:${c.villageId}` : null;
  if (c.handlingLevel === 'town') return c.townId ? `town:${c.townId}` : null;
  return null;
}

/** A mediation has a place only: no level, department, leader or category of its own. */
function mediationDimension(m: MediationFact, d: KpiDimension): string | null {
  switch (d) {
    case 'town':
      return m.townId;
    case 'village':
      return m.villageId;
    case 'level':
    case 'department':
    case 'localUnit':
    case 'leader':
    case 'category':
      return null;
  }
}

/** A meeting's leader is its convener; meetings have no department or category. */
function meetingDimension(m: MeetingFact, d: KpiDimension): string | null {
  switch (d) {
    case 'level':
      return m.level;
    case 'town':
      return m.townId;
    case 'village':
      return m.villageId;
    case 'leader':
      return m.convenerId;
    case 'department':
    case 'localUnit':
    case 'category':
      return null;
  }
}

/** The ratio of two counts; exact for the integers these are, so 2864 / 3200 is 0.895 to the last bit. */
export function rate(numerator: number, denominator: number): Rate {
  return { numerator, denominator, value: denominator === 0 ? null : numerator / denominator };
}

export function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

/** The middle value, or the mean of the two middle ones for an even count. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const upper = sorted[Math.floor(sorted.length / 2)] ?? 0;
  const lower = sorted[Math.ceil(sorted.length / 2) - 1] ?? 0;
  return (lower + upper) / 2;
}

function hoursBetween(from: string | null, to: string | null): number[] {
  if (!from || !to) return [];
  return [(Date.parse(to) - Date.parse(from)) / HOUR_MS];
}

function count<T>(items: readonly T[], test: (item: T) => boolean): number {
  return items.reduce((n, item) => (test(item) ? n + 1 : n), 0);
}

function sum<T>(items: readonly T[], value: (item: T) => number): number {
  return items.reduce((n, item) => n + value(item), 0);
}
