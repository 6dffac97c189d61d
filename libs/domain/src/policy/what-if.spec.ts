import { getPolicy, type CasePolicy } from '../case/case-policy';
import { T0, actors, directory, raiseCommand, run } from '../test-support/org-fixture';
import { initialState } from '../case/case-state';
import {
  handWorkedActual,
  handWorkedDraft,
  handWorkedHistory,
  handWorkedRefused,
  handWorkedSimulated,
  ordinaryMondayOnOrBefore,
  type HandWorkedCast,
} from '../test-support/what-if-hand-worked';
import { diffPolicies, validateCasePolicy } from './policy-validation';
import { commandsOf, simulateCase, whatIf, type RecordedCase } from './what-if';

// A recorded history under 2025.1 and a draft that shortens the claim window to 1 working day and
// the handling of simple cases to 2. Every figure was worked out by hand: the history, the draft
// and the figures are in test-support/what-if-hand-worked.ts, shared with the end-to-end test that
// runs the same what-if on the real stack.

const z = (iso: string) => `${iso}.000Z`;

/** 登凤村, Mon 3 Mar 2025, in the spec organisation. */
const cast: HandWorkedCast = {
  directory,
  raise: raiseCommand(),
  triage: actors.laifengTriage,
  handler: actors.umHandler,
  supervisingLeader: actors.dlWang,
  secretary: actors.dengfengSecretary,
  resident: actors.resident,
};
const recordedHistory = (): RecordedCase => handWorkedHistory(cast);

const v1 = getPolicy('2025.1');
const draft: CasePolicy = handWorkedDraft('draft-1');

describe('what-if: a draft policy over a recorded history', () => {
  const recorded = recordedHistory();
  const report = whatIf([recorded], { draft, directory, until: z('2025-04-30T00:00:00') });

  it('reads the people’s commands back from the timeline, in order, with their actors and instants', () => {
    expect(commandsOf(recorded, 'draft-1').map((c) => [c.command.type, c.at, c.command.actor.id])).toEqual([
      ['raiseCase', z('2025-03-03T02:00:00'), 'sec-dengfeng'],
      ['triageCase', z('2025-03-03T02:00:00'), 'triage-laifeng'],
      ['claimCase', z('2025-03-05T08:00:00'), 'um-zhang'],
      ['submitHandlingPlan', z('2025-03-05T08:00:00'), 'um-zhang'],
      ['requestExtension', z('2025-03-10T08:00:00'), 'um-zhang'],
      ['approveExtension', z('2025-03-10T09:00:00'), 'dl-wang'],
      ['reportResult', z('2025-03-14T02:00:00'), 'um-zhang'],
      ['giveFeedback', z('2025-03-14T03:00:00'), 'sec-dengfeng'],
      ['rateCase', z('2025-03-15T02:00:00'), 'r-1'],
    ]);
  });

  it('counts what happened: every deadline met, four reminders, no escalation, on time', () => {
    expect(report.total.actual).toEqual(handWorkedActual);
  });

  it('counts what the draft would have done: the claim and the handling late, three escalations, two commands refused', () => {
    // Claim window 1 wd: due Tue 4 Mar 24:00 → missed, unclaimed step 1 to dl-wang (Wed, W10).
    // Handling 2 wd from Wed: due Fri 7 Mar 24:00 → missed, overdue step 1 to um-leader (Sat, W10),
    // step 2 two wd later (Tue 11 24:00, W11) to dl-wang; step 3 (Fri 14 24:00) never comes: the result
    // is reported on Fri 14 at 10:00.
    expect(report.total.simulated).toEqual(handWorkedSimulated);
    // The extension came after the shorter deadline: refused as late, and so nothing to approve.
    expect(handWorkedRefused()).toEqual([
      ['requestExtension', z('2025-03-10T08:00:00'), 'late'],
      ['approveExtension', z('2025-03-10T09:00:00'), 'wrong-state'],
    ]);
    expect(report.refused.map((r) => [r.type, r.at, r.code])).toEqual(handWorkedRefused());
    expect(report.leaderLoad).toEqual({
      'dl-wang': { actual: {}, simulated: { '2025-W10': 1, '2025-W11': 1 } },
      'um-leader': { actual: {}, simulated: { '2025-W10': 1 } },
    });
    expect(Object.keys(report.byDepartment)).toEqual(['urban-management']);
    expect(Object.keys(report.byTown)).toEqual(['laifeng']);
  });

  it('gives the same figures when the history is moved by whole weeks onto another ordinary fortnight', () => {
    const monday = ordinaryMondayOnOrBefore('2026-11-20');
    expect(monday).toBe('2026-11-16');
    const moved = handWorkedHistory(cast, monday);
    expect(moved.events[0]?.at).toBe(z('2026-11-16T02:00:00'));
    const again = whatIf([moved], { draft, directory, until: z('2026-12-31T00:00:00') });
    expect(again.total).toEqual({ actual: handWorkedActual, simulated: handWorkedSimulated });
    expect(again.refused.map((r) => [r.type, r.at, r.code])).toEqual(handWorkedRefused(monday));
    expect(again.leaderLoad).toEqual({
      'dl-wang': { actual: {}, simulated: { '2026-W47': 1, '2026-W48': 1 } },
      'um-leader': { actual: {}, simulated: { '2026-W47': 1 } },
    });
  });

  it('moves the history only onto ordinary fortnights: the weeks of Mid-Autumn and National Day are passed over', () => {
    // 2026: make-up working Sun 20 Sep, Mid-Autumn 25–27 Sep, National Day 1–7 Oct, make-up Sat 10 Oct.
    expect(ordinaryMondayOnOrBefore('2026-10-07')).toBe('2026-08-31');
    expect(ordinaryMondayOnOrBefore('2026-10-12')).toBe('2026-10-12');
  });

  it('gives the same report for the same history and draft, whatever the order of the cases', () => {
    const other: RecordedCase = { ...recordedHistory(), caseId: 'case-0' };
    const ab = whatIf([recorded, other], { draft, directory, until: z('2025-04-30T00:00:00') });
    const ba = whatIf([other, recorded], { draft, directory, until: z('2025-04-30T00:00:00') });
    expect(JSON.stringify(ab)).toBe(JSON.stringify(ba));
    expect(ab.total.simulated.cases).toBe(2);
  });
});

describe('a draft policy checked before it is published', () => {
  it('accepts the published versions', () => {
    expect(validateCasePolicy(getPolicy('2025.1'), directory)).toEqual([]);
    expect(validateCasePolicy(getPolicy('2026.2'), directory)).toEqual([]);
  });

  it('names each wrong field: durations, reminder points, the chain’s order and targets nobody holds', () => {
    const bad: CasePolicy = {
      ...getPolicy('2026.2'),
      claimWindowWorkingDays: 0,
      handlingWorkingDays: { simple: 2.5, general: 15, complex: 30 },
      reminderFractions: [0.8, 0.5, 1],
      breaches: {
        ...getPolicy('2026.2').breaches,
        triage: {
          escalation: [
            { step: 1, afterWorkingDays: 3, target: 'townLeaders' },
            { step: 2, afterWorkingDays: 1, target: 'townDistrictLeader' },
          ],
          repeatEveryWorkingDays: 0,
        },
      },
    };
    const orphaned = { ...directory, topDistrictLeaderIds: [] };
    expect(validateCasePolicy(bad, orphaned).map((p) => [p.field, p.code])).toEqual([
      ['claimWindowWorkingDays', 'out-of-range'],
      ['handlingWorkingDays.simple', 'not-whole-days'],
      ['reminderFractions[1]', 'not-ascending'],
      ['reminderFractions[2]', 'fraction'],
      ['breaches.triage.repeatEveryWorkingDays', 'out-of-range'],
      ['breaches.triage.escalation[1].afterWorkingDays', 'step-order'],
      ['breaches.claimWindow.escalation[1].target', 'unresolved-target'],
      ['breaches.handling.escalation[2].target', 'unresolved-target'],
      ['breaches.feedback.escalation[2].target', 'unresolved-target'],
      ['breaches.extensionDecision.escalation[0].target', 'unresolved-target'],
      ['breaches.instructionAck.escalation[1].target', 'unresolved-target'],
      ['breaches.concentratedReview.escalation[0].target', 'unresolved-target'],
    ]);
  });

  it('shows what a draft changes against the published version, field by field', () => {
    expect(diffPolicies(v1, draft)).toEqual([
      { field: 'claimWindowWorkingDays', from: 2, to: 1 },
      { field: 'handlingWorkingDays.simple', from: 5, to: 2 },
    ]);
  });
});

describe('what-if: joint tasks', () => {
  it('replays the tasks a case gave, naming each by its order, so the draft settles the same ones', () => {
    const given = run(
      initialState,
      T0,
      raiseCommand({ policyVersion: '2026.2' }),
      { type: 'triageCase', actor: actors.laifengTriage, route: 'district' },
      { type: 'claimCase', actor: actors.umHandler },
      { type: 'submitHandlingPlan', actor: actors.umHandler, plan: '清理', responsibility: { unit: '环卫二队', personName: '张伟' } },
      { type: 'assignJointTask', actor: actors.umHandler, unit: { level: 'district', unitId: 'housing' }, task: '鉴定', personName: '刘芳', workingDays: 2 },
      { type: 'assignJointTask', actor: actors.umHandler, unit: { level: 'village', unitId: 'dengfeng' }, task: '通知', personName: '李华', workingDays: 2 },
    );
    const [first, second] = given.events.flatMap((e) => (e.type === 'jointTaskAssigned' ? [e.taskId] : []));
    const done = run(
      given.state,
      T0,
      { type: 'explainJointTask', actor: actors.umHandler, taskId: second ?? '', explanation: '住户已知晓' },
      { type: 'completeJointTask', actor: actors.housingHandler, taskId: first ?? '', result: '安全' },
      { type: 'reportResult', actor: actors.umHandler, summary: '已清理' },
    );
    const recorded: RecordedCase = { caseId: 'case-1', events: [...given.events, ...done.events] };
    expect(commandsOf(recorded, 'draft-1').filter((c) => c.command.type.endsWith('JointTask')).map((c) => c.command)).toEqual([
      expect.objectContaining({ type: 'assignJointTask', workingDays: 2, unit: { level: 'district', unitId: 'housing' } }),
      expect.objectContaining({ type: 'assignJointTask', unit: { level: 'village', unitId: 'dengfeng' } }),
      expect.objectContaining({ type: 'explainJointTask', taskId: '#1' }),
      expect.objectContaining({ type: 'completeJointTask', taskId: '#0' }),
    ]);
    const simulated = simulateCase(recorded, { draft: { ...getPolicy('2026.2'), version: 'draft-1' }, directory, until: '2025-03-31T00:00:00.000Z' });
    expect(simulated.refused).toEqual([]);
    expect(simulated.events.filter((e) => e.type === 'jointTaskCompleted' || e.type === 'jointTaskExplained').map((e) => e.type)).toEqual([
      'jointTaskExplained',
      'jointTaskCompleted',
    ]);
    expect(simulated.events.some((e) => e.type === 'resultReported')).toBe(true);
  });
});
