import { systemActor } from '../actor';
import { fixture2027 } from '../test-support/fixture-holidays';
import { actors, directory, raiseCommand, raised } from '../test-support/org-fixture';
import type { CaseCommand } from './case-commands';
import { decide } from './case-decide';
import type { CaseEvent } from './case-events';
import { evolveAll } from './case-evolve';
import { type CaseState, initialState } from './case-state';
import { describeCase } from './case-view';

// Deadlines that reach past the end of the holiday data are counted Monday–Friday and marked
// provisional; loading the year counts them again, and the timeline says which moved and why.

const MON = '2026-12-28T02:00:00.000Z'; // Mon 28 Dec 2026 10:00 Shanghai
const with2027 = { loaded: [fixture2027] };

function apply(state: CaseState, command: CaseCommand, calendar = { loaded: [] as (typeof fixture2027)[] }) {
  const decision = decide(state, command, { now: MON, directory, calendar });
  if (!decision.ok) throw new Error(decision.reason);
  return { state: evolveAll(state, decision.events), events: decision.events as CaseEvent[] };
}

function claimedAtYearEnd(): CaseState {
  let state = apply(initialState, raiseCommand({ policyVersion: '2026.2' })).state;
  state = apply(state, { type: 'triageCase', actor: actors.laifengTriage, route: 'district' }).state;
  return apply(state, { type: 'claimCase', actor: actors.umHandler }).state;
}

describe('provisional deadlines', () => {
  it('marks every working-day deadline past 31 Dec 2026 provisional, on the case and on each deadline', () => {
    const view = describeCase(claimedAtYearEnd());
    if (view.status === 'notRaised') throw new Error('not raised');
    expect(view.calendar).toEqual({ dataVersion: 'chinese-days@1.5.7', coveredThrough: '2026-12-31' });
    expect(view.provisionalDeadlines).toBe(true);
    // Plan: Tue 29, Wed 30 → 24:00 Wed (covered). Handling, 5 days: 29, 30, 31, Fri 1 Jan, Mon 4 Jan.
    expect(view.deadlines.filter((d) => d.kind !== 'reminder').map((d) => [d.kind, d.dueAt, d.provisional])).toEqual([
      ['handlingPlan', '2026-12-30T16:00:00.000Z', false],
      ['handling', '2027-01-04T16:00:00.000Z', true],
    ]);
  });

  it('counts them again when the year is loaded, with the reason and every move in the timeline', () => {
    const { state, events } = apply(
      claimedAtYearEnd(),
      { type: 'recomputeDeadlines', actor: systemActor, calendar: with2027, reason: '已载入2027年节假日安排（测试数据）' },
    );
    expect(events).toHaveLength(1);
    const [recomputed] = events;
    // The fixture makes 1–3 Jan a holiday: the 5th working day is Tue 5 Jan.
    expect(recomputed).toMatchObject({
      type: 'deadlinesRecomputed',
      reason: '已载入2027年节假日安排（测试数据）',
      calendar: { dataVersion: 'chinese-days@1.5.7+2027r1', coveredThrough: '2027-12-31' },
    });
    expect(recomputed?.type === 'deadlinesRecomputed' && recomputed.changes.find((c) => c.kind === 'handling')).toEqual({
      deadlineId: expect.stringMatching(/^handling-/),
      kind: 'handling',
      from: '2027-01-04T16:00:00.000Z',
      to: '2027-01-05T16:00:00.000Z',
    });
    const view = describeCase(state);
    if (view.status === 'notRaised') throw new Error('not raised');
    expect(view.provisionalDeadlines).toBe(false);
    expect(view.deadlines.find((d) => d.kind === 'handling')?.dueAt).toBe('2027-01-05T16:00:00.000Z');
    // The 80 % reminder (4 of 5 days) was Fri 1 Jan 24:00; on the loaded year it is Mon 4 Jan 24:00.
    const handlingId = view.deadlines.find((d) => d.kind === 'handling')?.id;
    expect(view.deadlines.filter((d) => d.reminds?.deadlineId === handlingId && d.reminds?.fraction === 0.8).map((d) => d.dueAt)).toEqual([
      '2027-01-04T16:00:00.000Z',
    ]);
  });

  it('refuses to count again on the data the case already counts with', () => {
    const once = apply(claimedAtYearEnd(), { type: 'recomputeDeadlines', actor: systemActor, calendar: with2027, reason: 'x' }).state;
    expect(decide(once, { type: 'recomputeDeadlines', actor: systemActor, calendar: with2027, reason: 'x' }, { now: MON, directory, calendar: with2027 })).toMatchObject({
      ok: false,
      code: 'wrong-state',
    });
    expect(raised(once).calendar?.dataVersion).toBe('chinese-days@1.5.7+2027r1');
  });

  it('leaves a case whose deadlines all fall in covered days as it is, but records the newer data', () => {
    const early = '2026-06-01T02:00:00.000Z';
    let state = (() => {
      const d = decide(initialState, raiseCommand({ policyVersion: '2026.2' }), { now: early, directory });
      if (!d.ok) throw new Error(d.reason);
      return evolveAll(initialState, d.events);
    })();
    const before = state.deadlines;
    const d = decide(state, { type: 'recomputeDeadlines', actor: systemActor, calendar: with2027, reason: 'x' }, { now: early, directory });
    if (!d.ok) throw new Error(d.reason);
    state = evolveAll(state, d.events);
    expect(d.events[0]).toMatchObject({ changes: [] });
    expect(state.deadlines).toEqual(before);
  });
});
