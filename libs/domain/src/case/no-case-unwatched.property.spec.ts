import fc from 'fast-check';
import { type Actor, systemActor } from '../actor';
import { packageCalendarData } from '../calendar/holiday-data';
import { toEpochMs } from '../instant';
import { fixture2027 } from '../test-support/fixture-holidays';
import { actors, directory, raiseCommand } from '../test-support/org-fixture';
import type { CaseCommand } from './case-commands';
import { decide } from './case-decide';
import { evolveAll } from './case-evolve';
import { type PauseReason, pauseReasons } from './case-policy';
import { type CaseState, type RaisedCase, initialState } from './case-state';
import { deadlinesOfWait, nextDeadline, runningDeadlines } from './deadline';

// The promise to supervisors, checked over random lives of a case under the current policy: a
// case that is not closed always has a running deadline (or, paused, its automatic resume), every
// open request and instruction has a deadline of its own, and closing leaves nothing pending.

const DAY = 86_400_000;
const departmentHandlers: Record<string, Actor> = {
  'urban-management': actors.umHandler,
  housing: actors.housingHandler,
  'power-supply': actors.powerHandler,
};

/** Whoever handles the case now: the actor most commands of the handling phase need. */
function handlerOf(state: RaisedCase): Actor {
  const handler = state.handler;
  if (!handler) return actors.umHandler;
  switch (handler.level) {
    case 'district':
      return departmentHandlers[handler.unitId] ?? actors.umHandler;
    case 'village':
      return actors.dengfengSecretary;
    case 'town':
      return actors.laifengLeader;
  }
}

/** A supervising leader of the case now, or a top leader. */
function supervisorOf(state: RaisedCase, pick: number): Actor {
  const ids = state.supervision?.leaderIds ?? [];
  const id = ids[pick % Math.max(ids.length, 1)];
  const known = Object.values(actors).find((a) => a.id === id);
  return known ?? actors.top;
}

type Step =
  | { kind: 'wait'; ms: number }
  | { kind: 'command'; pick: number; n: number; text: string; reason: PauseReason; flag: boolean };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 25 * DAY }) }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('command' as const),
      pick: fc.nat(40),
      n: fc.integer({ min: 1, max: 70 }),
      text: fc.constantFrom('原因说明', 'ok', '<b>x</b>'),
      reason: fc.constantFrom(...pauseReasons),
      flag: fc.boolean(),
    }),
  },
);

/** Every command the case can get, its parameters from the step and its actor from the state. */
function commandsFor(state: RaisedCase, s: Extract<Step, { kind: 'command' }>): CaseCommand[] {
  const handler = handlerOf(state);
  const leader = supervisorOf(state, s.n);
  const departments = Object.keys(departmentHandlers);
  const department = departments[s.n % departments.length] ?? 'housing';
  const all: CaseCommand[] = [
    { type: 'triageCase', actor: actors.laifengTriage, route: (['village', 'town', 'district'] as const)[s.n % 3] ?? 'district' },
    { type: 'claimCase', actor: departmentHandlers[department] ?? actors.umHandler },
    { type: 'assignDepartment', actor: leader, departmentId: department, reason: s.text },
    { type: 'returnCase', actor: handler, reason: s.text },
    { type: 'transferCase', actor: handler, toDepartmentId: department, reason: s.text },
    { type: 'reassignCase', actor: leader, toDepartmentId: department, reason: s.text },
    { type: 'submitHandlingPlan', actor: handler, plan: s.text, responsibility: { unit: 'team', personName: '张伟' } },
    { type: 'requestExtension', actor: handler, workingDays: 1 + (s.n % 15), reason: s.text },
    { type: 'approveExtension', actor: leader, reason: s.text },
    { type: 'rejectExtension', actor: leader, reason: s.text },
    { type: 'pauseClock', actor: handler, reason: s.reason, ...(s.flag ? { workingDays: s.n } : {}) },
    { type: 'approvePause', actor: leader },
    { type: 'rejectPause', actor: leader, reason: s.text },
    { type: 'resumeClock', actor: handler },
    { type: 'reportResult', actor: handler, summary: s.text },
    { type: 'giveFeedback', actor: s.flag ? actors.dengfengSecretary : actors.laifengLeader },
    {
      type: 'rateCase',
      actor: actors.resident,
      rating: (['satisfied', 'basicallySatisfied', 'dissatisfied'] as const)[s.n % 3] ?? 'satisfied',
    },
    {
      type: 'recordRating',
      actor: actors.dengfengSecretary,
      rating: (['satisfied', 'basicallySatisfied', 'dissatisfied'] as const)[s.n % 3] ?? 'dissatisfied',
      channel: s.flag ? 'phone' : 'inPerson',
    },
    { type: 'urgeCase', actor: leader, note: s.text },
    { type: 'instructCase', actor: leader, text: s.text },
    {
      type: 'acknowledgeInstruction',
      actor: handler,
      instructionId: state.instructions[s.n % Math.max(state.instructions.length, 1)]?.instructionId ?? 'instruction-0',
    },
    { type: 'acknowledgeEscalation', actor: state.escalation?.targetIds.includes(leader.id) ? leader : actors.top },
    { type: 'flagConcentrated', actor: actors.top, reason: s.text },
    { type: 'recomputeDeadlines', actor: systemActor, calendar: { loaded: [fixture2027] }, reason: '2027 loaded (fixture)' },
  ];
  return all;
}

/**
 * The step's command: mostly one the case accepts now (so random lives reach every phase), and
 * sometimes any command at all (so refusals are exercised too).
 */
function commandFor(life: Life, s: Extract<Step, { kind: 'command' }>): CaseCommand | undefined {
  const state = life.state as RaisedCase;
  const all = commandsFor(state, s);
  const candidates = s.pick % 4 === 0 ? all : all.filter((c) => decide(state, c, { now: life.now, directory, calendar: life.calendar }).ok);
  return candidates[s.pick % Math.max(candidates.length, 1)];
}

interface Life {
  state: CaseState;
  now: number;
  calendar: typeof packageCalendarData;
}

function apply(life: Life, command: CaseCommand, at: number): boolean {
  const decision = decide(life.state, command, { now: at, directory, calendar: life.calendar });
  if (!decision.ok) return false;
  life.state = evolveAll(life.state, decision.events);
  if (command.type === 'recomputeDeadlines') life.calendar = command.calendar;
  return true;
}

/** What the workflow does while time passes: fire each due deadline at its due instant, in order. */
function wait(life: Life, ms: number): void {
  const until = life.now + ms;
  for (let next = nextDeadline(life.state); next && toEpochMs(next.dueAt) <= until; next = nextDeadline(life.state)) {
    const at = toEpochMs(next.dueAt);
    if (!apply(life, { type: 'deadlineReached', actor: systemActor, deadlineId: next.id }, at)) {
      throw new Error(`deadline ${next.id} (${next.kind}) fell due and was refused`);
    }
    life.now = Math.max(life.now, at);
  }
  life.now = until;
}

function checkWatched(state: CaseState): void {
  if (state.status === 'notRaised') return;
  const ids = state.deadlines.map((d) => d.id);
  expect(new Set(ids).size).toBe(ids.length);
  if (state.status === 'closed') {
    expect({ deadlines: state.deadlines, extension: state.pendingExtension, pause: state.pendingPause, instructions: state.instructions }).toEqual({
      deadlines: [],
      extension: null,
      pause: null,
      instructions: [],
    });
    return;
  }
  const running = runningDeadlines(state);
  if (state.pause) {
    expect(running.map((d) => d.kind)).toEqual(['pauseLimit']);
  } else {
    expect([state.status, running.length > 0]).toEqual([state.status, true]);
  }
  if (state.pendingExtension) expect(deadlinesOfWait(state, ['extensionDecision', 'handling']).length).toBeGreaterThan(0);
  for (const instruction of state.instructions) {
    expect([instruction.instructionId, deadlinesOfWait(state, ['instructionAck'], instruction.instructionId).length > 0]).toEqual([
      instruction.instructionId,
      true,
    ]);
  }
}

/** A random life of a case raised at `raisedAt` under `policyVersion`, checked after every step. */
function livesStayWatched(policyVersion: string, raisedAt: string) {
  return fc.property(fc.array(step, { minLength: 1, maxLength: 40 }), fc.boolean(), (steps, resolvedOnSpot) => {
    const life: Life = { state: initialState, now: toEpochMs(raisedAt), calendar: packageCalendarData };
    const raised = apply(
      life,
      raiseCommand({ policyVersion, ...(resolvedOnSpot ? { resolvedOnSpot: { summary: 'fixed at the meeting' } } : {}) }),
      life.now,
    );
    expect(raised).toBe(true);
    checkWatched(life.state);
    for (const s of steps) {
      if (s.kind === 'wait') wait(life, s.ms);
      else {
        const command = commandFor(life, s);
        if (command) apply(life, command, life.now);
      }
      checkWatched(life.state);
    }
  });
}

describe('no case waits unwatched (policy 2026.2, random lives)', () => {
  it.each([
    ['a year the holiday data covers', '2025-03-03T02:00:00.000Z'],
    ['the end of the covered data, deadlines reaching into 2027', '2026-12-14T02:00:00.000Z'],
  ])('holds from a raise in %s', (_name, raisedAt) => {
    fc.assert(livesStayWatched('2026.2', raisedAt), { numRuns: 300 });
  });

  it('finds the waits 2025.1 left unwatched (the check can fail)', () => {
    const result = fc.check(livesStayWatched('2025.1', '2025-03-03T02:00:00.000Z'), { numRuns: 300, seed: 1 });
    expect(result.failed).toBe(true);
  });

  it('reaches commands of every kind in those lives (the generator is not stuck in one state)', () => {
    const applied = new Set<string>();
    fc.assert(
      fc.property(fc.array(step, { minLength: 10, maxLength: 60 }), (steps) => {
        const life: Life = { state: initialState, now: toEpochMs('2025-03-03T02:00:00.000Z'), calendar: packageCalendarData };
        apply(life, raiseCommand({ policyVersion: '2026.2' }), life.now);
        for (const s of steps) {
          if (s.kind === 'wait') {
            wait(life, s.ms);
            continue;
          }
          const command = commandFor(life, s);
          if (command && apply(life, command, life.now)) applied.add(command.type);
        }
      }),
      { numRuns: 400, seed: 20261204 },
    );
    expect([...applied].sort()).toEqual(
      [
        'acknowledgeEscalation',
        'acknowledgeInstruction',
        'approveExtension',
        'approvePause',
        'assignDepartment',
        'claimCase',
        'flagConcentrated',
        'giveFeedback',
        'instructCase',
        'pauseClock',
        'rateCase',
        'reassignCase',
        'recomputeDeadlines',
        'recordRating',
        'rejectExtension',
        'rejectPause',
        'reportResult',
        'requestExtension',
        'resumeClock',
        'returnCase',
        'submitHandlingPlan',
        'transferCase',
        'triageCase',
        'urgeCase',
      ].sort(),
    );
  });
});
