import type { Actor } from '../actor';
import { type CaseActionType, availableActions, caseActionTypes, checkAction, caseFactsOfView } from './case-actions';
import type { CaseCommand } from './case-commands';
import { decide } from './case-decide';
import { getPolicy, pauseReasons } from './case-policy';
import { type CaseState, type RaisedCase, initialState } from './case-state';
import { type CaseView, describeCase } from './case-view';
import { T0, T1, actors, ctx, directory, handlingCase, publishedCase, raiseCommand, raised, run, runTimersUntil } from '../test-support/org-fixture';

// Everyone who acts by hand (the system's commands are not actions of a person).
const { system: _system, ...staffAndResidents } = actors;
const people = {
  ...staffAndResidents,
  umLeader: { id: 'um-leader', role: 'department-leader', departmentId: 'urban-management' },
  admin: { id: 'admin-1', role: 'admin' },
} satisfies Record<string, Actor>;
type Person = keyof typeof people;

const T2 = '2025-03-05T02:00:00.000Z';
const umPlan = {
  type: 'submitHandlingPlan',
  actor: actors.umHandler,
  plan: 'Clean it',
  responsibility: { unit: 'Team 2', personName: 'Zhang Wei' },
} as const;

/** The case at the points of the loop where what people may do changes. */
const scenarios: Record<string, () => CaseState> = {
  inLedger: () => run(initialState, T0, raiseCommand()).state,
  published: () => publishedCase(),
  unclaimedEscalated: () => runTimersUntil(publishedCase(), '2025-03-12T02:00:00.000Z').state,
  claimed: () => run(publishedCase(), T1, { type: 'claimCase', actor: actors.umHandler }).state,
  handling: () => handlingCase(),
  extensionPending: () => run(handlingCase(), T1, { type: 'requestExtension', actor: actors.umHandler, workingDays: 2, reason: 'Rain' }).state,
  // The policy's maximum of extensions granted: no further one is offered.
  extensionsUsedUp: () =>
    run(
      handlingCase(),
      T1,
      { type: 'requestExtension', actor: actors.umHandler, workingDays: 2, reason: 'Rain' },
      { type: 'approveExtension', actor: actors.dlWang, reason: 'Fair' },
      { type: 'requestExtension', actor: actors.umHandler, workingDays: 2, reason: 'More rain' },
      { type: 'approveExtension', actor: actors.dlWang, reason: 'Fair' },
    ).state,
  // The handling deadline passed: an extension comes too late.
  overdue: () => runTimersUntil(handlingCase(), '2025-06-30T02:00:00.000Z').state,
  pausePending: () =>
    run(
      run(initialState, T0, raiseCommand({ policyVersion: '2026.2' }), { type: 'triageCase', actor: actors.laifengTriage, route: 'district' }).state,
      T1,
      { type: 'claimCase', actor: actors.umHandler },
      umPlan,
      // A second pause waits for the supervising leader under this policy.
      { type: 'pauseClock', actor: actors.umHandler, reason: 'waitingForSeason', workingDays: 2 },
      { type: 'resumeClock', actor: actors.umHandler },
      { type: 'pauseClock', actor: actors.umHandler, reason: 'waitingForSeason', workingDays: 2 },
    ).state,
  paused: () => run(handlingCase(), T1, { type: 'pauseClock', actor: actors.umHandler, reason: 'waitingForSeason' }).state,
  instructed: () => run(handlingCase(), T1, { type: 'instructCase', actor: actors.dlWang, text: 'Finish before the rain' }).state,
  jointTask: () =>
    run(handlingCase(), T1, {
      type: 'assignJointTask',
      actor: actors.umHandler,
      unit: { level: 'district', unitId: 'housing' },
      task: 'Inspect the retaining wall',
      personName: 'Liu Fang',
      workingDays: 2,
    }).state,
  villageHandling: () => run(initialState, T0, raiseCommand(), { type: 'triageCase', actor: actors.laifengTriage, route: 'village' }).state,
  resultReported: () => run(handlingCase(), T1, { type: 'reportResult', actor: actors.umHandler, summary: 'Done' }).state,
  awaitingRating: () =>
    run(handlingCase(), T1, { type: 'reportResult', actor: actors.umHandler, summary: 'Done' }, { type: 'giveFeedback', actor: actors.dengfengSecretary }).state,
  closed: () =>
    run(
      handlingCase(),
      T1,
      { type: 'reportResult', actor: actors.umHandler, summary: 'Done' },
      { type: 'giveFeedback', actor: actors.dengfengSecretary },
      { type: 'rateCase', actor: actors.resident, rating: 'satisfied' },
    ).state,
  concentrated: () => run(handlingCase(), T1, { type: 'flagConcentrated', actor: actors.top, reason: 'Many alike' }).state,
};

/** A command of each action whose content is well formed, so a refusal says something about who and when. */
function probe(type: CaseActionType, actor: Actor, state: RaisedCase): CaseCommand {
  const reason = 'Because';
  switch (type) {
    case 'triageCase':
      return { type, actor, route: 'district' };
    case 'claimCase':
    case 'approvePause':
    case 'resumeClock':
    case 'giveFeedback':
    case 'acknowledgeEscalation':
      return { type, actor };
    case 'assignDepartment':
      return { type, actor, departmentId: 'urban-management', reason };
    case 'returnCase':
    case 'approveExtension':
    case 'rejectExtension':
    case 'rejectPause':
    case 'flagConcentrated':
      return { type, actor, reason };
    case 'transferCase':
    case 'reassignCase':
      return { type, actor, toDepartmentId: 'housing', reason };
    case 'submitHandlingPlan':
      return { ...umPlan, actor };
    case 'requestExtension':
      return { type, actor, workingDays: 1, reason };
    case 'pauseClock':
      return { type, actor, reason: pauseReasons[0] };
    case 'reportResult':
      return { type, actor, summary: 'Done' };
    case 'rateCase':
      return { type, actor, rating: 'satisfied' };
    case 'recordRating':
      return { type, actor, rating: 'satisfied', channel: 'phone' };
    case 'urgeCase':
      return { type, actor, note: 'Hurry' };
    case 'instructCase':
      return { type, actor, text: 'Do it' };
    case 'acknowledgeInstruction':
      return { type, actor, instructionId: state.instructions[0]?.instructionId ?? 'instruction-0' };
    case 'assignJointTask':
      return { type, actor, unit: { level: 'town', unitId: 'laifeng' }, task: 'Clear the road', personName: 'Wang Li', workingDays: 1 };
    case 'completeJointTask':
      return { type, actor, taskId: state.jointTasks[0]?.taskId ?? 'task-0', result: 'Done' };
    case 'explainJointTask':
      return { type, actor, taskId: state.jointTasks[0]?.taskId ?? 'task-0', explanation: 'No funds this year' };
  }
}

/** What the console's API passes beside a case's view: the organisation, the case's policy, its reporters. */
const contextOf = (s: RaisedCase) => ({ directory, policy: getPolicy(s.policyVersion), reporterIds: s.reporterIds });

const offered = (state: CaseState, person: Person) => {
  const s = raised(state);
  return availableActions(describeCase(s) as CaseView, people[person], contextOf(s));
};

describe('availableActions', () => {
  // What each person is offered at each point of the loop; people not named are offered nothing.
  const expected: Record<keyof typeof scenarios, Partial<Record<Person, readonly CaseActionType[]>>> = {
    inLedger: { laifengTriage: ['triageCase'], top: ['urgeCase', 'flagConcentrated'], admin: ['flagConcentrated'] },
    published: {
      umHandler: ['claimCase'],
      umLeader: ['claimCase'],
      top: ['assignDepartment', 'urgeCase', 'flagConcentrated'],
      admin: ['flagConcentrated'],
    },
    unclaimedEscalated: {
      umHandler: ['claimCase'],
      umLeader: ['claimCase'],
      dlWang: ['assignDepartment', 'urgeCase', 'acknowledgeEscalation'],
      top: ['assignDepartment', 'urgeCase', 'acknowledgeEscalation', 'flagConcentrated'],
      admin: ['flagConcentrated'],
    },
    claimed: {
      umHandler: ['returnCase', 'transferCase', 'submitHandlingPlan', 'requestExtension', 'pauseClock', 'assignJointTask'],
      umLeader: ['returnCase', 'transferCase', 'submitHandlingPlan', 'requestExtension', 'pauseClock', 'assignJointTask'],
      dlWang: ['reassignCase', 'urgeCase', 'instructCase'],
      top: ['reassignCase', 'urgeCase', 'instructCase', 'flagConcentrated'],
      admin: ['flagConcentrated'],
    },
    handling: {
      umHandler: ['returnCase', 'transferCase', 'requestExtension', 'pauseClock', 'reportResult', 'assignJointTask'],
      umLeader: ['returnCase', 'transferCase', 'requestExtension', 'pauseClock', 'reportResult', 'assignJointTask'],
      dlWang: ['reassignCase', 'urgeCase', 'instructCase'],
      top: ['reassignCase', 'urgeCase', 'instructCase', 'flagConcentrated'],
      admin: ['flagConcentrated'],
    },
    extensionPending: {
      umHandler: ['returnCase', 'transferCase', 'pauseClock', 'reportResult', 'assignJointTask'],
      umLeader: ['returnCase', 'transferCase', 'pauseClock', 'reportResult', 'assignJointTask'],
      dlWang: ['reassignCase', 'approveExtension', 'rejectExtension', 'urgeCase', 'instructCase'],
      top: ['reassignCase', 'urgeCase', 'instructCase', 'flagConcentrated'],
      admin: ['flagConcentrated'],
    },
    extensionsUsedUp: {
      umHandler: ['returnCase', 'transferCase', 'pauseClock', 'reportResult', 'assignJointTask'],
      umLeader: ['returnCase', 'transferCase', 'pauseClock', 'reportResult', 'assignJointTask'],
      dlWang: ['reassignCase', 'urgeCase', 'instructCase'],
      top: ['reassignCase', 'urgeCase', 'instructCase', 'flagConcentrated'],
      admin: ['flagConcentrated'],
    },
    overdue: {
      umHandler: ['returnCase', 'transferCase', 'reportResult', 'assignJointTask'],
      umLeader: ['returnCase', 'transferCase', 'reportResult', 'assignJointTask'],
      top: ['reassignCase', 'urgeCase', 'instructCase', 'acknowledgeEscalation', 'flagConcentrated'],
      admin: ['flagConcentrated'],
    },
    pausePending: {
      umHandler: ['returnCase', 'transferCase', 'requestExtension', 'reportResult', 'assignJointTask'],
      umLeader: ['returnCase', 'transferCase', 'requestExtension', 'reportResult', 'assignJointTask'],
      dlWang: ['reassignCase', 'approvePause', 'rejectPause', 'urgeCase', 'instructCase'],
      top: ['reassignCase', 'urgeCase', 'instructCase', 'flagConcentrated'],
      admin: ['flagConcentrated'],
    },
    paused: {
      umHandler: ['resumeClock'],
      umLeader: ['resumeClock'],
      dlWang: ['urgeCase', 'instructCase'],
      top: ['urgeCase', 'instructCase', 'flagConcentrated'],
      admin: ['flagConcentrated'],
    },
    instructed: {
      umHandler: ['returnCase', 'transferCase', 'requestExtension', 'pauseClock', 'reportResult', 'acknowledgeInstruction', 'assignJointTask'],
      umLeader: ['returnCase', 'transferCase', 'requestExtension', 'pauseClock', 'reportResult', 'acknowledgeInstruction', 'assignJointTask'],
      dlWang: ['reassignCase', 'urgeCase', 'instructCase'],
      top: ['reassignCase', 'urgeCase', 'instructCase', 'flagConcentrated'],
      admin: ['flagConcentrated'],
    },
    villageHandling: {
      dengfengSecretary: ['returnCase', 'requestExtension', 'pauseClock', 'reportResult', 'assignJointTask'],
      laifengLeader: ['urgeCase', 'instructCase'],
      top: ['urgeCase', 'instructCase', 'flagConcentrated'],
      admin: ['flagConcentrated'],
    },
    resultReported: {
      dengfengSecretary: ['giveFeedback'],
      laifengLeader: ['giveFeedback'],
      dlWang: ['urgeCase'],
      top: ['urgeCase', 'flagConcentrated'],
      admin: ['flagConcentrated'],
    },
    awaitingRating: {
      resident: ['rateCase'],
      dengfengSecretary: ['recordRating'],
      laifengLeader: ['recordRating'],
      top: ['flagConcentrated'],
      admin: ['flagConcentrated'],
    },
    jointTask: {
      umHandler: ['returnCase', 'transferCase', 'requestExtension', 'pauseClock', 'assignJointTask', 'explainJointTask'],
      umLeader: ['returnCase', 'transferCase', 'requestExtension', 'pauseClock', 'assignJointTask', 'explainJointTask'],
      housingHandler: ['completeJointTask'],
      dlWang: ['reassignCase', 'urgeCase', 'instructCase'],
      top: ['reassignCase', 'urgeCase', 'instructCase', 'flagConcentrated'],
      admin: ['flagConcentrated'],
    },
    closed: {},
    concentrated: {
      umHandler: ['returnCase', 'transferCase', 'requestExtension', 'pauseClock', 'reportResult', 'assignJointTask'],
      umLeader: ['returnCase', 'transferCase', 'requestExtension', 'pauseClock', 'reportResult', 'assignJointTask'],
      top: ['reassignCase', 'urgeCase', 'instructCase'],
    },
  };

  const rows = Object.entries(expected).flatMap(([scenario, byPerson]) =>
    (Object.keys(people) as Person[]).map((person) => [scenario, person, byPerson[person] ?? []] as const),
  );

  it.each(rows)('%s: %s is offered %j', (scenario, person, actions) => {
    const state = (scenarios[scenario] as () => CaseState)();
    expect(offered(state, person)).toEqual(actions);
  });
});

describe('availableActions agrees with decide', () => {
  const cases = Object.keys(scenarios).flatMap((scenario) => (Object.keys(people) as Person[]).map((person) => [scenario, person] as const));

  it.each(cases)('%s, %s: every action offered passes decide’s role and state checks; every other is refused', (scenario, person) => {
    const state = raised((scenarios[scenario] as () => CaseState)());
    const actor = people[person];
    const now = { unclaimedEscalated: '2025-03-12T02:00:00.000Z', overdue: '2025-06-30T02:00:00.000Z' }[scenario] ?? T2;
    const offeredNow = offered(state, person);
    for (const type of caseActionTypes) {
      const decision = decide(state, probe(type, actor, state), ctx(now));
      if (offeredNow.includes(type)) {
        // Offered: only the command's content or its time may still be refused.
        expect({ type, code: decision.ok ? 'ok' : decision.code }).not.toMatchObject({ code: expect.stringMatching(/^(forbidden|wrong-state)$/) });
      } else {
        // Not offered: decide refuses it, with the very rejection the preconditions give.
        expect({ type, ok: decision.ok }).toEqual({ type, ok: false });
        const because = checkAction(type, caseFactsOfView(describeCase(state) as CaseView, state.reporterIds), actor, contextOf(state));
        expect({ type, decision }).toEqual({ type, decision: because });
      }
    }
  });

});

describe('availableActions on a view recorded before some fields existed', () => {
  it('reads the missing ones as nothing pending', () => {
    const state = raised(handlingCase());
    const { instructions: _i, pendingPause: _p, collectedRating: _c, jointTasks: _j, extensionsGranted: _e, ...older } = describeCase(state) as CaseView;
    expect(availableActions(older as CaseView, actors.umHandler, contextOf(state))).toEqual([
      'returnCase',
      'transferCase',
      'requestExtension',
      'pauseClock',
      'reportResult',
      'assignJointTask',
    ]);
  });
});
