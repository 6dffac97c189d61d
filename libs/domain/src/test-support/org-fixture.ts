// Spec helper: a small organisation (2 towns, 3 departments) and drivers for the case loop.
import type { Actor } from '../actor';
import { systemActor } from '../actor';
import type { CaseCommand, RaiseCase } from '../case/case-commands';
import type { DecideContext } from '../case/case-decide';
import type { CaseEvent } from '../case/case-events';
import { execute } from '../case/case-loop';
import type { PolicyRegistry } from '../case/case-policy';
import { type CaseState, type RaisedCase, initialState } from '../case/case-state';
import { nextDeadline } from '../case/deadline';
import type { Directory } from '../organisation/duty-list';
import { toEpochMs } from '../instant';

export const directory: Directory = {
  towns: [
    { id: 'laifeng', name: '来凤街道', leaderIds: ['laifeng-leader'], triageMemberIds: ['triage-laifeng'], linkedDistrictLeaderId: 'dl-chen' },
    { id: 'zhengxing', name: '正兴镇', leaderIds: ['zhengxing-leader'], triageMemberIds: ['triage-zhengxing'], linkedDistrictLeaderId: 'dl-zhou' },
  ],
  departments: [
    {
      id: 'urban-management',
      name: 'Urban management',
      dutyCategories: ['sanitation', 'roadAppearance'],
      leaderIds: ['um-leader'],
      supervisingLeaderId: 'dl-wang',
    },
    {
      id: 'housing',
      name: 'Housing and urban-rural development',
      dutyCategories: ['housingRenovation', 'roadAppearance'],
      leaderIds: ['housing-leader'],
      supervisingLeaderId: 'dl-li',
    },
    {
      id: 'power-supply',
      name: 'Power supply company',
      dutyCategories: ['powerLines'],
      leaderIds: ['power-leader'],
      supervisingLeaderId: 'dl-wang',
    },
  ],
  topDistrictLeaderIds: ['top-1', 'top-2'],
};

export const actors = {
  resident: { id: 'r-1', role: 'resident' },
  otherResident: { id: 'r-9', role: 'resident' },
  dengfengSecretary: { id: 'sec-dengfeng', role: 'village-secretary', townId: 'laifeng', villageId: 'dengfeng' },
  shilongSecretary: { id: 'sec-shilong', role: 'village-secretary', townId: 'zhengxing', villageId: 'shilong' },
  laifengLeader: { id: 'laifeng-leader', role: 'town-leader', townId: 'laifeng' },
  laifengTriage: { id: 'triage-laifeng', role: 'town-triage', townId: 'laifeng' },
  zhengxingTriage: { id: 'triage-zhengxing', role: 'town-triage', townId: 'zhengxing' },
  umHandler: { id: 'um-zhang', role: 'department-handler', departmentId: 'urban-management' },
  housingHandler: { id: 'housing-liu', role: 'department-handler', departmentId: 'housing' },
  powerHandler: { id: 'power-he', role: 'department-handler', departmentId: 'power-supply' },
  dlWang: { id: 'dl-wang', role: 'district-leader' },
  dlLi: { id: 'dl-li', role: 'district-leader' },
  dlChen: { id: 'dl-chen', role: 'district-leader' },
  top: { id: 'top-1', role: 'top-district-leader' },
  system: systemActor,
} satisfies Record<string, Actor>;

/** Mon 3 Mar 2025 10:00 Shanghai: an ordinary week, no holidays until Qingming (4 Apr). */
export const T0 = '2025-03-03T02:00:00.000Z';

/**
 * A raise in 登凤村. It pins policy 2025.1, the version most specs describe; specs of a later
 * version name it (`raiseCommand({ policyVersion: '2026.2' })`).
 */
export function raiseCommand(overrides: Partial<RaiseCase> = {}): RaiseCase & { policyVersion: string } {
  return {
    type: 'raiseCase',
    policyVersion: '2025.1',
    actor: actors.dengfengSecretary,
    caseId: 'case-1',
    category: 'sanitation',
    description: 'The branch road where group 7 meets 三星村 is outside the village cleaning scope',
    complexity: 'simple',
    channel: 'meeting',
    meetingId: 'meeting-1',
    location: { townId: 'laifeng', villageId: 'dengfeng', courtyardId: 'yard-7' },
    reporterIds: ['r-1'],
    ...overrides,
  };
}

export function ctx(now: string, policies?: PolicyRegistry): DecideContext {
  return { now, directory, ...(policies ? { policies } : {}) };
}

/** Applies commands in order, failing the test on the first rejection. */
export function run(state: CaseState, now: string, ...commands: CaseCommand[]): { state: CaseState; events: CaseEvent[] } {
  const events: CaseEvent[] = [];
  let current = state;
  for (const command of commands) {
    const outcome = execute(current, command, ctx(now));
    if (!outcome.ok) throw new Error(`${command.type} rejected: ${outcome.reason}`);
    events.push(...outcome.events);
    current = outcome.state;
  }
  return { state: current, events };
}

/** Does what the workflow does: sleep until the next deadline, fire it, repeat, up to `until`. */
export function runTimersUntil(state: CaseState, until: string): { state: CaseState; events: CaseEvent[] } {
  const events: CaseEvent[] = [];
  let current = state;
  for (let next = nextDeadline(current); next && toEpochMs(next.dueAt) <= toEpochMs(until); next = nextDeadline(current)) {
    const fired = run(current, next.dueAt, { type: 'deadlineReached', actor: systemActor, deadlineId: next.id });
    events.push(...fired.events);
    current = fired.state;
  }
  return { state: current, events };
}

export function raised(state: CaseState): RaisedCase {
  if (state.status === 'notRaised') throw new Error('case not raised');
  return state;
}

export function dueOf(state: CaseState, kind: string): string | undefined {
  return state.deadlines.find((d) => d.kind === kind)?.dueAt;
}

export const types = (events: readonly CaseEvent[]) => events.map((e) => e.type);

/** Raised at T0 in 登凤村 and published to the district claim pool. */
export function publishedCase(overrides: Partial<RaiseCase> = {}): CaseState {
  return run(initialState, T0, raiseCommand(overrides), { type: 'triageCase', actor: actors.laifengTriage, route: 'district' }).state;
}

/** Claimed by urban management on Tue 4 Mar 10:00 Shanghai, plan submitted at the same time. */
export const T1 = '2025-03-04T02:00:00.000Z';
export function handlingCase(overrides: Partial<RaiseCase> = {}): CaseState {
  return run(
    publishedCase(overrides),
    T1,
    { type: 'claimCase', actor: actors.umHandler },
    {
      type: 'submitHandlingPlan',
      actor: actors.umHandler,
      plan: 'Add the branch road to the cleaning contract',
      responsibility: { unit: 'Sanitation team 2', personName: 'Zhang Wei', personId: 'um-zhang' },
    },
  ).state;
}
