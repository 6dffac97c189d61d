import { getPolicy, type CasePolicy } from '../case/case-policy';
import { initialState } from '../case/case-state';
import type { CaseEvent } from '../case/case-events';
import { actors, directory, raiseCommand, run, runTimersUntil } from '../test-support/org-fixture';
import { diffPolicies, validateCasePolicy } from './policy-validation';
import { commandsOf, whatIf, type RecordedCase } from './what-if';

// A recorded history under 2025.1 and a draft that shortens the claim window to 1 working day and
// the handling of simple cases to 2. Every figure below was worked out by hand (see the comments).

const z = (iso: string) => `${iso}.000Z`;

/** 登凤村, Mon 3 Mar 2025: published at once, claimed Wed, extended Mon, done Fri, rated Sat. */
function recordedHistory(): RecordedCase {
  const events: CaseEvent[] = [];
  let state = initialState as ReturnType<typeof run>['state'];
  const act = (at: string, ...commands: Parameters<typeof run>[2][]) => {
    const timers = runTimersUntil(state, at);
    const done = run(timers.state, at, ...commands);
    events.push(...timers.events, ...done.events);
    state = done.state;
  };
  act(z('2025-03-03T02:00:00'), raiseCommand(), { type: 'triageCase', actor: actors.laifengTriage, route: 'district' });
  // Claim window 2 wd: due Wed 5 Mar 24:00 (16:00Z); claimed Wed 16:00 Shanghai, in time.
  act(
    z('2025-03-05T08:00:00'),
    { type: 'claimCase', actor: actors.umHandler },
    { type: 'submitHandlingPlan', actor: actors.umHandler, plan: '纳入保洁合同', responsibility: { unit: '环卫二队', personName: '张伟' } },
  );
  // Handling 5 wd: due Wed 12 Mar 24:00. Extension of 3 wd asked Mon 16:00, approved Mon 17:00.
  act(z('2025-03-10T08:00:00'), { type: 'requestExtension', actor: actors.umHandler, workingDays: 3, reason: '等材料' });
  act(z('2025-03-10T09:00:00'), { type: 'approveExtension', actor: actors.dlWang, reason: '同意' });
  act(z('2025-03-14T02:00:00'), { type: 'reportResult', actor: actors.umHandler, summary: '已纳入' });
  act(z('2025-03-14T03:00:00'), { type: 'giveFeedback', actor: actors.dengfengSecretary });
  act(z('2025-03-15T02:00:00'), { type: 'rateCase', actor: actors.resident, rating: 'satisfied' });
  return { caseId: 'case-1', events };
}

const v1 = getPolicy('2025.1');
const draft: CasePolicy = {
  ...v1,
  version: 'draft-1',
  claimWindowWorkingDays: 1,
  handlingWorkingDays: { ...v1.handlingWorkingDays, simple: 2 },
};

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
    expect(report.total.actual).toEqual({
      cases: 1,
      deadlinesMet: 4, // claim window, plan, handling, feedback
      deadlinesMissed: 0,
      deadlinesPending: 0,
      missedByKind: {},
      escalationsByStep: {},
      remindersSent: 4, // claim window 50 % and 80 %, handling 50 % and 80 %
      resultsReported: 1,
      resultsOnTime: 1,
      ratings: 1,
      ratingCredit: 1,
    });
  });

  it('counts what the draft would have done: the claim and the handling late, three escalations, two commands refused', () => {
    // Claim window 1 wd: due Tue 4 Mar 24:00 → missed, unclaimed step 1 to dl-wang (Wed, W10).
    // Handling 2 wd from Wed: due Fri 7 Mar 24:00 → missed, overdue step 1 to um-leader (Sat, W10),
    // step 2 two wd later (Tue 11 24:00, W11) to dl-wang; step 3 (Fri 14 24:00) never comes: the result
    // is reported on Fri 14 at 10:00.
    expect(report.total.simulated).toEqual({
      cases: 1,
      deadlinesMet: 2, // plan, feedback
      deadlinesMissed: 2,
      deadlinesPending: 0,
      missedByKind: { claimWindow: 1, handling: 1 },
      escalationsByStep: { '1': 2, '2': 1 },
      remindersSent: 4,
      resultsReported: 1,
      resultsOnTime: 0,
      ratings: 1,
      ratingCredit: 1,
    });
    // The extension came after the shorter deadline: refused as late, and so nothing to approve.
    expect(report.refused.map((r) => [r.type, r.at, r.code])).toEqual([
      ['requestExtension', z('2025-03-10T08:00:00'), 'late'],
      ['approveExtension', z('2025-03-10T09:00:00'), 'wrong-state'],
    ]);
    expect(report.leaderLoad).toEqual({
      'dl-wang': { actual: {}, simulated: { '2025-W10': 1, '2025-W11': 1 } },
      'um-leader': { actual: {}, simulated: { '2025-W10': 1 } },
    });
    expect(Object.keys(report.byDepartment)).toEqual(['urban-management']);
    expect(Object.keys(report.byTown)).toEqual(['laifeng']);
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
