import type { CaseEvent } from './case-events';
import { execute } from './case-loop';
import {
  type CasePolicy,
  currentPolicy,
  demonstrationPolicies,
  getPolicy,
  latestPolicy,
  registeredPolicies,
} from './case-policy';
import { type CaseState, initialState } from './case-state';
import { nextDeadline } from './deadline';
import { actors, ctx, raiseCommand, raised, run, runTimersUntil } from '../test-support/org-fixture';

/** Seconds after Mon 3 Mar 2025 10:00 Shanghai, a whole multiple of 2 s since the epoch. */
const s = (seconds: string) => `2025-03-03T02:00:${seconds}Z`;
const DEMO = 'demo-compressed';
const triageToDistrict = { type: 'triageCase', actor: actors.laifengTriage, route: 'district' } as const;
const timeline = (events: readonly CaseEvent[]) =>
  events.map((e) => [e.type, e.at, ...('kind' in e ? [e.kind] : []), ...('step' in e ? [e.step] : [])]);

function demoCase(raisedAt: string): CaseState {
  return run(initialState, raisedAt, raiseCommand({ policyVersion: DEMO })).state;
}

describe("policy 'demo-compressed'", () => {
  const v1 = getPolicy('2025.1');
  const demo = getPolicy(DEMO);

  it('is registered with 2025.1’s limits on a 2-second working day, but is never the default', () => {
    const { version, calendar, ...limits } = demo;
    const { version: _v, calendar: v1Calendar, ...v1Limits } = v1;
    expect([version, calendar, v1Calendar]).toEqual([DEMO, { kind: 'compressed', dayMs: 2000 }, { kind: 'chinaMainland' }]);
    expect(limits).toEqual(v1Limits);
    expect(demonstrationPolicies).toEqual([demo, getPolicy('demo-compressed-2026.2')]);
    expect(registeredPolicies.map((p) => p.version)).toEqual(['2025.1', '2026.2', DEMO, 'demo-compressed-2026.2']);
    expect(latestPolicy()).toBe(getPolicy('2026.2'));
    expect(currentPolicy).toBe(getPolicy('2026.2'));
    expect(JSON.parse(JSON.stringify(demo))).toEqual(demo);
  });

  it('walks the claim window to the unclaimed escalation in seconds, then the overdue chain', () => {
    let state = demoCase(s('00.200'));
    expect(raised(state).policyVersion).toBe(DEMO);

    const published = run(state, s('00.500'), triageToDistrict);
    // Day 00–02 is the publication day; the 2 working days are 02–04 and 04–06.
    expect(published.events[0]).toMatchObject({ type: 'casePublished', claimDueAt: s('06.000') });
    const unclaimed = runTimersUntil(published.state, s('59.999'));
    expect(timeline(unclaimed.events)).toEqual([
      ['reminderSent', s('04.000')], // 50 %
      ['reminderSent', s('05.200')], // 80 %
      ['deadlineMissed', s('06.000'), 'claimWindow'],
      ['caseEscalated', s('06.000'), 1],
    ]);
    expect(unclaimed.events[3]).toMatchObject({
      trigger: 'unclaimed',
      target: 'supervisingDistrictLeader',
      targetIds: ['dl-wang'],
      supervision: { level: 'supervisingDistrictLeader', leaderIds: ['dl-wang'] },
    });
    state = unclaimed.state;
    expect(nextDeadline(state)).toBeNull();

    const claimed = run(
      state,
      s('07.000'),
      { type: 'claimCase', actor: actors.umHandler },
      {
        type: 'submitHandlingPlan',
        actor: actors.umHandler,
        plan: 'Add the branch road to the cleaning contract',
        responsibility: { unit: 'Sanitation team 2', personName: 'Zhang Wei' },
      },
    );
    // simple = 5 working days: 08–18.
    expect(claimed.events[0]).toMatchObject({ type: 'caseClaimed', late: true, handlingDueAt: s('18.000') });
    const overdue = runTimersUntil(claimed.state, s('59.999'));
    expect(timeline(overdue.events)).toEqual([
      ['reminderSent', s('13.000')],
      ['reminderSent', s('16.000')],
      ['deadlineMissed', s('18.000'), 'handling'],
      ['caseEscalated', s('18.000'), 1], // responsible leader at once
      ['caseEscalated', s('22.000'), 2], // +2 working days
      ['caseEscalated', s('28.000'), 3], // +5 working days
    ]);
    expect(raised(overdue.state)).toMatchObject({ overdue: true, escalation: { step: 3, target: 'topDistrictLeaders' } });
  });

  it('moves frozen deadlines by the real length of a pause', () => {
    const handling = run(
      run(demoCase(s('00.200')), s('00.500'), triageToDistrict).state,
      s('07.000'),
      { type: 'claimCase', actor: actors.umHandler },
      {
        type: 'submitHandlingPlan',
        actor: actors.umHandler,
        plan: 'Add the branch road to the cleaning contract',
        responsibility: { unit: 'Sanitation team 2', personName: 'Zhang Wei' },
      },
    ).state;
    const paused = run(handling, s('09.000'), { type: 'pauseClock', actor: actors.umHandler, reason: 'waitingForResident' });
    expect(paused.events[0]).toMatchObject({ type: 'clockPaused', limitAt: s('30.000') }); // 10 working days: 10–30
    const resumed = run(paused.state, s('10.300'), { type: 'resumeClock', actor: actors.umHandler });
    expect(resumed.events[0]).toMatchObject({ type: 'clockResumed', pausedWorkingMs: 1300 });
    const byDue = [...resumed.state.deadlines].sort((x, y) => x.dueAt.localeCompare(y.dueAt));
    expect(byDue.map((d) => [d.kind, d.dueAt])).toEqual([
      ['reminder', s('14.300')],
      ['reminder', s('17.300')],
      ['handling', s('19.300')],
    ]);
  });

  it('leaves cases pinned to 2025.1 on the China-mainland calendar', () => {
    for (const command of [raiseCommand(), raiseCommand({ policyVersion: '2025.1' })]) {
      const { state } = run(initialState, '2025-03-03T02:00:00.000Z', command, triageToDistrict);
      expect(raised(state).policyVersion).toBe('2025.1');
      expect(state.deadlines.map((d) => [d.kind, d.dueAt])).toEqual([
        ['claimWindow', '2025-03-05T16:00:00.000Z'],
        ['reminder', '2025-03-04T16:00:00.000Z'],
        ['reminder', '2025-03-05T06:24:00.000Z'],
      ]);
    }
  });
});

describe('choosing a policy version when raising', () => {
  it('rejects an unknown version, naming the known ones, rather than falling back to the default', () => {
    expect(execute(initialState, raiseCommand({ policyVersion: 'demo' }), ctx(s('00.000')))).toEqual({
      ok: false,
      code: 'invalid',
      reason: "unknown case policy version 'demo'; known versions: '2025.1', '2026.2', 'demo-compressed', 'demo-compressed-2026.2'",
      field: 'policyVersion',
      fieldProblem: { rule: 'unknown', params: { value: 'demo' } },
    });
  });

  it('validates against the registry in the context', () => {
    const v1 = getPolicy('2025.1');
    const v2: CasePolicy = { ...v1, version: '2026.1', effectiveFrom: '2026-01-01' };
    const older = execute(initialState, raiseCommand({ policyVersion: '2025.1' }), ctx(s('00.000'), [v1, v2]));
    expect(older.ok && raised(older.state).policyVersion).toBe('2025.1');
    expect(execute(initialState, raiseCommand({ policyVersion: DEMO }), ctx(s('00.000'), [v1, v2]))).toMatchObject({
      ok: false,
      code: 'invalid',
      reason: "unknown case policy version 'demo-compressed'; known versions: '2025.1', '2026.1'",
    });
  });
});
