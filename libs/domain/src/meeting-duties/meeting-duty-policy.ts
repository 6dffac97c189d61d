import { SHANGHAI_OFFSET_MS, startOfShanghaiDay } from '../calendar/shanghai-time';
import { type Instant, toEpochMs } from '../instant';

/**
 * Who must hold courtyard meetings where, and how often (the report's optimised three-level
 * system). Versioned like the case policy: a change of the duties is a new version, and a period is
 * judged by the version in force for it.
 */

export type DutyPeriodKind = 'year' | 'halfYear';

/**
 * - `districtLeaderTowns`: 区领导每年不少于两次到联系镇街参加院坝会 — each district leader, in each
 *   town they are linked to, holds district-level meetings.
 * - `townLeadershipVillages`: 镇街党政主要领导到辖区村(社区)全覆盖召开院坝会 — the town's leadership
 *   covers every village of the town (the report gives no frequency: ours is a default, below).
 * - `secretaryResidentGroups`: 村(社区)党组织书记每半年至少到所辖村(居)民小组开一次院坝会.
 */
export type MeetingDutyKind = 'districtLeaderTowns' | 'townLeadershipVillages' | 'secretaryResidentGroups';

export interface MeetingDutyRule {
  readonly kind: MeetingDutyKind;
  readonly period: DutyPeriodKind;
  /** Meetings to hold in each unit in each period. */
  readonly minMeetings: number;
}

export interface MeetingDutyPolicy {
  readonly version: string;
  readonly rules: readonly MeetingDutyRule[];
  /** Reminders go out this many days before a period ends with a duty not yet done. */
  readonly remindDaysBefore: number;
}

export const meetingDutyPolicies: readonly MeetingDutyPolicy[] = [
  {
    version: '2026.1',
    rules: [
      { kind: 'districtLeaderTowns', period: 'year', minMeetings: 2 },
      // Not in the report: once a half-year, the rhythm it sets for the village level.
      { kind: 'townLeadershipVillages', period: 'halfYear', minMeetings: 1 },
      { kind: 'secretaryResidentGroups', period: 'halfYear', minMeetings: 1 },
    ],
    remindDaysBefore: 30,
  },
];

export const currentMeetingDutyPolicy = (): MeetingDutyPolicy => {
  const latest = meetingDutyPolicies[meetingDutyPolicies.length - 1];
  if (!latest) throw new Error('no meeting duty policy is registered');
  return latest;
};

export function findMeetingDutyPolicy(version: string): MeetingDutyPolicy | undefined {
  return meetingDutyPolicies.find((p) => p.version === version);
}

/** A Shanghai calendar period: 'YYYY' or 'YYYY-H1' / 'YYYY-H2'; `from` inclusive, `to` exclusive (calendar days). */
export interface DutyPeriod {
  readonly key: string;
  readonly kind: DutyPeriodKind;
  readonly from: string;
  readonly to: string;
}

const PERIOD = /^(\d{4})(?:-H([12]))?$/;

export function isDutyPeriodKey(value: unknown): value is string {
  return typeof value === 'string' && PERIOD.test(value);
}

export function dutyPeriodOf(key: string): DutyPeriod {
  const match = PERIOD.exec(key);
  if (!match) throw new RangeError(`'${key}' is not a duty period (YYYY or YYYY-H1/H2)`);
  const year = Number(match[1]);
  if (!match[2]) return { key, kind: 'year', from: `${year}-01-01`, to: `${year + 1}-01-01` };
  return match[2] === '1'
    ? { key, kind: 'halfYear', from: `${year}-01-01`, to: `${year}-07-01` }
    : { key, kind: 'halfYear', from: `${year}-07-01`, to: `${year + 1}-01-01` };
}

/** The period of that kind the instant falls in, in Shanghai. */
export function dutyPeriodAt(kind: DutyPeriodKind, instant: Instant): DutyPeriod {
  const local = new Date(toEpochMs(instant) + SHANGHAI_OFFSET_MS);
  const year = local.getUTCFullYear();
  return dutyPeriodOf(kind === 'year' ? `${year}` : `${year}-H${local.getUTCMonth() < 6 ? 1 : 2}`);
}

/** The year a half-year belongs to, or the year itself: the periods judged together on one page. */
export function periodsWithin(key: string): { year: DutyPeriod; halfYear: DutyPeriod } {
  const period = dutyPeriodOf(key);
  const year = dutyPeriodOf(period.from.slice(0, 4));
  // A year page judges the half-year duties by the second half (the one that closes the year).
  const halfYear = period.kind === 'halfYear' ? period : dutyPeriodOf(`${period.from.slice(0, 4)}-H2`);
  return { year, halfYear };
}

export const periodStartMs = (period: DutyPeriod): number => startOfShanghaiDay(period.from);
export const periodEndMs = (period: DutyPeriod): number => startOfShanghaiDay(period.to);
