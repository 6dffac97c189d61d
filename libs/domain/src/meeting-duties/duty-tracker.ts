import { DAY_MS } from '../calendar/shanghai-time';
import { type Instant, toEpochMs } from '../instant';
import type { MeetingLevel } from '../meeting/meeting';
import {
  type DutyPeriod,
  type MeetingDutyKind,
  type MeetingDutyPolicy,
  periodEndMs,
  periodStartMs,
  periodsWithin,
} from './meeting-duty-policy';

/** The organisation as far as the duties need it (structural: the full one and a fixture both fit). */
export interface DutyOrganisation {
  readonly districtLeaders: readonly { readonly id: string; readonly linkedTownIds: readonly string[] }[];
  readonly towns: readonly { readonly id: string; readonly leaderIds: readonly string[] }[];
  readonly villages: readonly { readonly id: string; readonly townId: string; readonly secretaryId: string }[];
  readonly courtyards: readonly { readonly id: string; readonly villageId: string; readonly group: number }[];
}

/** A meeting as the duties count it: held (closed) in its period, by its convener, at its place. */
export interface DutyMeeting {
  readonly id: string;
  readonly level: MeetingLevel;
  readonly convenerId: string;
  readonly townId: string | null;
  readonly villageId: string | null;
  readonly courtyardId: string | null;
  readonly closedAt: string | null;
}

export type DutyUnit =
  | { readonly kind: 'town'; readonly townId: string }
  | { readonly kind: 'village'; readonly townId: string; readonly villageId: string }
  | { readonly kind: 'residentGroup'; readonly townId: string; readonly villageId: string; readonly group: number };

/** done: held enough; due: not yet, the period still runs; overdue: the period ended short. */
export type DutyStatus = 'done' | 'due' | 'overdue';

export interface MeetingDuty {
  /** Stable per duty and period: `${kind}:${holder or unit}:${period}`. */
  readonly id: string;
  readonly kind: MeetingDutyKind;
  readonly level: MeetingLevel;
  readonly period: DutyPeriod;
  /** Who answers for it: the district leader, the town's leadership, the village secretary. */
  readonly holderIds: readonly string[];
  readonly unit: DutyUnit;
  readonly required: number;
  readonly held: number;
  readonly meetingIds: readonly string[];
  readonly status: DutyStatus;
  /** Not done and the period ends within the policy's reminder window (or has ended). */
  readonly remind: boolean;
  /** The instant the period ends (the duty falls due). */
  readonly dueAt: string;
}

/** Every duty of the policy for the half-year `periodKey` (and its year), with what was held. */
export function meetingDuties(
  org: DutyOrganisation,
  meetings: readonly DutyMeeting[],
  policy: MeetingDutyPolicy,
  periodKey: string,
  now: Instant,
): MeetingDuty[] {
  const periods = periodsWithin(periodKey);
  const nowMs = toEpochMs(now);
  const duties: MeetingDuty[] = [];
  for (const rule of policy.rules) {
    const period = rule.period === 'year' ? periods.year : periods.halfYear;
    const startMs = periodStartMs(period);
    const endMs = periodEndMs(period);
    const held = meetings.filter((m) => m.closedAt !== null && Date.parse(m.closedAt) >= startMs && Date.parse(m.closedAt) < endMs);
    const duty = (id: string, holderIds: readonly string[], unit: DutyUnit, level: MeetingLevel, counts: (m: DutyMeeting) => boolean): MeetingDuty => {
      const counted = held.filter(counts).map((m) => m.id);
      const done = counted.length >= rule.minMeetings;
      return {
        id: `${rule.kind}:${id}:${period.key}`,
        kind: rule.kind,
        level,
        period,
        holderIds,
        unit,
        required: rule.minMeetings,
        held: counted.length,
        meetingIds: counted,
        status: done ? 'done' : nowMs >= endMs ? 'overdue' : 'due',
        remind: !done && nowMs >= endMs - policy.remindDaysBefore * DAY_MS,
        dueAt: new Date(endMs).toISOString(),
      };
    };
    switch (rule.kind) {
      case 'districtLeaderTowns':
        for (const leader of org.districtLeaders)
          for (const townId of leader.linkedTownIds)
            duties.push(
              duty(`${leader.id}:${townId}`, [leader.id], { kind: 'town', townId }, 'district', (m) =>
                m.level === 'district' && m.convenerId === leader.id && m.townId === townId,
              ),
            );
        break;
      case 'townLeadershipVillages':
        for (const village of org.villages) {
          const leaders = org.towns.find((t) => t.id === village.townId)?.leaderIds ?? [];
          duties.push(
            duty(village.id, leaders, { kind: 'village', townId: village.townId, villageId: village.id }, 'town', (m) =>
              m.level !== 'district' && leaders.includes(m.convenerId) && m.villageId === village.id,
            ),
          );
        }
        break;
      case 'secretaryResidentGroups':
        for (const village of org.villages)
          for (const group of residentGroupNumbers(org, village.id)) {
            const courtyards = org.courtyards.filter((c) => c.villageId === village.id && c.group === group).map((c) => c.id);
            duties.push(
              duty(
                `${village.id}:${group}`,
                [village.secretaryId],
                { kind: 'residentGroup', townId: village.townId, villageId: village.id, group },
                'village',
                (m) => m.level === 'village' && m.convenerId === village.secretaryId && m.courtyardId !== null && courtyards.includes(m.courtyardId),
              ),
            );
          }
        break;
    }
  }
  return duties;
}

/** The residents' groups (村民小组) of a village: the group numbers its courtyards carry, in order. */
export function residentGroupNumbers(org: Pick<DutyOrganisation, 'courtyards'>, villageId: string): number[] {
  return [...new Set(org.courtyards.filter((c) => c.villageId === villageId).map((c) => c.group))].sort((a, b) => a - b);
}

export interface CoverageRow {
  /** The level the duties are of, or the town they lie in. */
  readonly key: string;
  readonly duties: number;
  readonly done: number;
  readonly overdue: number;
  /** Meetings held towards the duties (each duty counted up to what it requires) and required. */
  readonly held: number;
  readonly required: number;
}

export interface DutyCoverage {
  readonly byLevel: readonly CoverageRow[];
  readonly byTown: readonly CoverageRow[];
  readonly total: CoverageRow;
}

/** Meetings held ÷ due, by level (district, town, village) and by town. */
export function dutyCoverage(duties: readonly MeetingDuty[]): DutyCoverage {
  const rows = (keyOf: (d: MeetingDuty) => string) => {
    const byKey = new Map<string, MeetingDuty[]>();
    for (const d of duties) byKey.set(keyOf(d), [...(byKey.get(keyOf(d)) ?? []), d]);
    return [...byKey].map(([key, group]) => coverageRow(key, group)).sort((a, b) => a.key.localeCompare(b.key));
  };
  return { byLevel: rows((d) => d.level), byTown: rows((d) => d.unit.townId), total: coverageRow('total', duties) };
}

function coverageRow(key: string, duties: readonly MeetingDuty[]): CoverageRow {
  return {
    key,
    duties: duties.length,
    done: duties.filter((d) => d.status === 'done').length,
    overdue: duties.filter((d) => d.status === 'overdue').length,
    held: duties.reduce((n, d) => n + Math.min(d.held, d.required), 0),
    required: duties.reduce((n, d) => n + d.required, 0),
  };
}
