import type { WorkingCalendar } from '../calendar/calendars';
import { type CasePolicy, type CaseWaitKind, type EscalationStepRule, type EscalationTarget, policyKindOf } from './case-policy';
import type { RaisedCase, Supervision, SupervisionLevel } from './case-state';
import type { NewDeadline } from './deadline';
import { type Directory, bestMatchingDepartment, findDepartment, findTown } from '../organisation/duty-list';
import { toIso } from '../instant';

const supervisionRank: Readonly<Record<SupervisionLevel, number>> = {
  town: 0,
  supervisingDistrictLeader: 1,
  topDistrictLeaders: 2,
};

/** The supervision an escalation target takes on; department leaders supervise nothing. */
const supervisionLevelOf: Readonly<Record<EscalationTarget, SupervisionLevel | null>> = {
  responsibleLeader: null,
  townLeaders: 'town',
  townDistrictLeader: 'supervisingDistrictLeader',
  supervisingDistrictLeader: 'supervisingDistrictLeader',
  topDistrictLeaders: 'topDistrictLeaders',
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
    case 'townLeaders':
      return [...(town?.leaderIds ?? [])];
    case 'townDistrictLeader':
      return town ? [town.linkedDistrictLeaderId] : [...directory.topDistrictLeaderIds];
    case 'topDistrictLeaders':
      return [...directory.topDistrictLeaderIds];
  }
}

/** Supervision a target implies, or null for department leaders, who are not supervisors. */
export function supervisionOf(
  target: EscalationTarget,
  state: RaisedCase,
  directory: Directory,
  at: string,
): Supervision | null {
  const level = supervisionLevelOf[target];
  if (level === null) return null;
  return { level, leaderIds: escalationTargetIds(target, state, directory), since: at };
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

/** The chain a missed deadline of this kind starts, in step order (a part's wait: its policy kind's). */
export function escalationChain(policy: CasePolicy, kind: CaseWaitKind): readonly EscalationStepRule[] {
  return [...policy.breaches[policyKindOf(kind)].escalation].sort((a, b) => a.afterWorkingDays - b.afterWorkingDays || a.step - b.step);
}

export function escalationStep(policy: CasePolicy, kind: CaseWaitKind, step: number): EscalationStepRule {
  const rule = policy.breaches[policyKindOf(kind)].escalation.find((r) => r.step === step);
  if (!rule) throw new Error(`policy ${policy.version} has no escalation step ${step} after a missed ${kind} deadline`);
  return rule;
}

/** Is this the chain's last step (the one repeated while the case still waits)? */
export function isLastStep(policy: CasePolicy, kind: CaseWaitKind, step: number): boolean {
  return escalationChain(policy, kind).at(-1)?.step === step;
}

/** The next reminder to the last step's target, `repeat` times after the chain ended; none when the policy repeats nothing. */
export function repeatDeadline(
  policy: CasePolicy,
  calendar: WorkingCalendar,
  kind: CaseWaitKind,
  step: number,
  repeat: number,
  from: string,
  ref?: string,
): NewDeadline[] {
  const every = policy.breaches[policyKindOf(kind)].repeatEveryWorkingDays;
  if (every === null) return [];
  return [
    {
      kind: 'escalation',
      step,
      forKind: kind,
      repeat,
      setAt: from,
      dueAt: toIso(calendar.addWorkingDays(from, every)),
      ...(ref === undefined ? {} : { ref }),
    },
  ];
}

/**
 * Timers for the steps after those that come with the breach, all measured from the breach; when
 * no step is left for later, the first repeat of the last one.
 */
export function laterEscalationDeadlines(
  policy: CasePolicy,
  calendar: WorkingCalendar,
  kind: CaseWaitKind,
  breachedAt: string,
  ref?: string,
): NewDeadline[] {
  const chain = escalationChain(policy, kind);
  const later = chain.filter((rule) => rule.afterWorkingDays > 0);
  const last = chain.at(-1);
  if (later.length === 0) return last ? repeatDeadline(policy, calendar, kind, last.step, 1, breachedAt, ref) : [];
  return later.map((rule) => ({
    kind: 'escalation' as const,
    step: rule.step,
    forKind: kind,
    setAt: breachedAt,
    dueAt: toIso(calendar.addWorkingDays(breachedAt, rule.afterWorkingDays)),
    ...(ref === undefined ? {} : { ref }),
  }));
}
