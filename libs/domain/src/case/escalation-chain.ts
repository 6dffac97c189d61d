import { calendarOf } from '../calendar/calendars';
import type { CasePolicy, EscalationStepRule, EscalationTarget } from './case-policy';
import type { RaisedCase, Supervision, SupervisionLevel } from './case-state';
import type { NewDeadline } from './deadline';
import { type Directory, bestMatchingDepartment, findDepartment, findTown } from '../organisation/duty-list';
import { toIso } from '../instant';

const supervisionRank: Readonly<Record<SupervisionLevel, number>> = {
  town: 0,
  supervisingDistrictLeader: 1,
  topDistrictLeaders: 2,
};

/** The lead department, or for a case not yet claimed the department best matching its category. */
function accountableDepartment(state: RaisedCase, directory: Directory) {
  return state.handler?.level === 'district'
    ? findDepartment(directory, state.handler.unitId)
    : bestMatchingDepartment(directory, state.category);
}

function isLocal(state: RaisedCase): boolean {
  return state.handler !== null && state.handler.level !== 'district';
}

/** People an escalation step goes to; empty only if the directory lacks them. */
export function escalationTargetIds(target: EscalationTarget, state: RaisedCase, directory: Directory): string[] {
  const town = findTown(directory, state.location.townId);
  switch (target) {
    case 'responsibleLeader':
      return [...((isLocal(state) ? town?.leaderIds : accountableDepartment(state, directory)?.leaderIds) ?? [])];
    case 'supervisingDistrictLeader': {
      const leaderId = isLocal(state)
        ? town?.linkedDistrictLeaderId
        : accountableDepartment(state, directory)?.supervisingLeaderId;
      return leaderId ? [leaderId] : [...directory.topDistrictLeaderIds];
    }
    case 'topDistrictLeaders':
      return [...directory.topDistrictLeaderIds];
  }
}

/** Supervision a target implies, or null for department/town leaders who are not supervisors. */
export function supervisionOf(
  target: EscalationTarget,
  state: RaisedCase,
  directory: Directory,
  at: string,
): Supervision | null {
  if (target === 'responsibleLeader') return null;
  return { level: target, leaderIds: escalationTargetIds(target, state, directory), since: at };
}

/**
 * Who supervises a case in normal running (调度督办): the town for village/town cases, the lead
 * department's supervising district leader for district cases, top leaders for concentrated issues.
 */
export function ordinarySupervision(state: RaisedCase, directory: Directory, at: string): Supervision {
  if (state.concentrated) return { level: 'topDistrictLeaders', leaderIds: [...directory.topDistrictLeaderIds], since: at };
  if (isLocal(state)) {
    return { level: 'town', leaderIds: [...(findTown(directory, state.location.townId)?.leaderIds ?? [])], since: at };
  }
  return supervisionOf('supervisingDistrictLeader', state, directory, at) as Supervision;
}

/** Supervision only ever moves up through escalation; a lower candidate leaves it unchanged. */
export function raisedSupervision(current: Supervision | null, candidate: Supervision | null): Supervision | undefined {
  if (!candidate) return undefined;
  if (current && supervisionRank[current.level] >= supervisionRank[candidate.level]) return undefined;
  return candidate;
}

export function escalationStep(policy: CasePolicy, step: number): EscalationStepRule {
  const rule = policy.overdueEscalation.find((r) => r.step === step);
  if (!rule) throw new Error(`policy ${policy.version} has no overdue escalation step ${step}`);
  return rule;
}

export function firstEscalationStep(policy: CasePolicy): EscalationStepRule {
  const [first] = [...policy.overdueEscalation].sort((a, b) => a.afterWorkingDays - b.afterWorkingDays);
  if (!first) throw new Error(`policy ${policy.version} defines no overdue escalation`);
  return first;
}

/** Timers for the steps after the first, all measured from the breach. */
export function laterEscalationDeadlines(policy: CasePolicy, breachedAt: string): NewDeadline[] {
  const first = firstEscalationStep(policy);
  const calendar = calendarOf(policy.calendar);
  return policy.overdueEscalation
    .filter((rule) => rule.step !== first.step)
    .map((rule) => ({
      kind: 'escalation' as const,
      step: rule.step,
      setAt: breachedAt,
      dueAt: toIso(calendar.addWorkingDays(breachedAt, rule.afterWorkingDays)),
    }));
}
