import { type CasePolicy, currentPolicy, getPolicy, policyVersions, watchedDeadlineKinds } from './case-policy';
import { execute } from './case-loop';
import { initialState } from './case-state';
import type { CaseState } from './case-state';
import { T0, actors, ctx, raiseCommand } from '../test-support/org-fixture';

const v1 = getPolicy('2025.1');
const v2026 = getPolicy('2026.2');
const v2: CasePolicy = { ...v1, version: '2026.1', effectiveFrom: '2026-01-01', claimWindowWorkingDays: 5 };

function must(outcome: ReturnType<typeof execute>): CaseState {
  if (!outcome.ok) throw new Error(outcome.reason);
  return outcome.state;
}

describe('case policy', () => {
  it('holds the DOMAIN.md defaults', () => {
    expect(currentPolicy).toBe(v2026);
    expect(policyVersions).toEqual([v1, v2026]);
    expect(v1).toMatchObject({
      claimWindowWorkingDays: 2,
      handlingPlanWorkingDays: 2,
      handlingWorkingDays: { simple: 5, general: 15, complex: 30 },
      reminderFractions: [0.5, 0.8],
      feedbackWorkingDays: 2,
      ratingWindowCalendarDays: 7,
      reopenEscalatesAt: 2,
    });
    expect(v1.breaches.handling.escalation.map((s) => [s.afterWorkingDays, s.target])).toEqual([
      [0, 'responsibleLeader'],
      [2, 'supervisingDistrictLeader'],
      [5, 'topDistrictLeaders'],
    ]);
  });

  it('watches every wait in 2026.2, each chain ending with the top district leaders, told again every 5 working days', () => {
    expect(v2026).toMatchObject({
      triageWorkingDays: 3,
      extensionDecisionWorkingDays: 2,
      instructionAckWorkingDays: 1,
      concentratedReviewWorkingDays: 10,
      pauseTotalMaxWorkingDays: 60,
      pauseApproval: 'repeatOrLonger',
    });
    expect(v2026.remindedDeadlines).toEqual(watchedDeadlineKinds);
    for (const kind of watchedDeadlineKinds) {
      const { escalation, repeatEveryWorkingDays } = v2026.breaches[kind];
      if (kind === 'handlingPlan') {
        // A missed plan is told to the department's leaders; the handling deadline watches the case.
        expect(escalation).toEqual([]);
        continue;
      }
      expect([kind, escalation.at(-1)?.target, repeatEveryWorkingDays]).toEqual([kind, 'topDistrictLeaders', 5]);
    }
    expect(v2026.breaches.triage.escalation.map((s) => [s.afterWorkingDays, s.target])).toEqual([
      [0, 'townLeaders'],
      [2, 'townDistrictLeader'],
      [5, 'topDistrictLeaders'],
    ]);
    // 2025.1 as published: no triage or decision deadline, no chain beyond the first unclaimed step.
    expect(v1).toMatchObject({ triageWorkingDays: null, extensionDecisionWorkingDays: null, pauseApproval: 'never' });
    expect(v1.breaches.claimWindow).toEqual({
      escalation: [{ step: 1, afterWorkingDays: 0, target: 'supervisingDistrictLeader' }],
      repeatEveryWorkingDays: null,
    });
    expect(JSON.parse(JSON.stringify(v2026))).toEqual(v2026);
  });

  it('names the known versions when asked for an unknown one', () => {
    expect(() => getPolicy('1999.1')).toThrow(
      "unknown case policy version '1999.1'; known versions: '2025.1', '2026.2', 'demo-compressed', 'demo-compressed-2026.2'",
    );
  });

  it('pins the version at raising: a new policy changes new cases only', () => {
    const oldCase = must(execute(initialState, raiseCommand({ policyVersion: undefined }), ctx(T0, [v1])));
    expect(oldCase).toMatchObject({ policyVersion: '2025.1' });

    // The 2026 policy is published while the first case waits in the ledger.
    const registry = [v1, v2];
    const triage = { type: 'triageCase', actor: actors.laifengTriage, route: 'district' } as const;
    const published = must(execute(oldCase, triage, ctx(T0, registry)));
    expect(published.deadlines.find((d) => d.kind === 'claimWindow')?.dueAt).toBe('2025-03-05T16:00:00.000Z'); // 2 wd

    const newCase = must(execute(initialState, raiseCommand({ caseId: 'case-2', policyVersion: undefined }), ctx(T0, registry)));
    expect(newCase).toMatchObject({ policyVersion: '2026.1' });
    const newPublished = must(execute(newCase, triage, ctx(T0, registry)));
    expect(newPublished.deadlines.find((d) => d.kind === 'claimWindow')?.dueAt).toBe('2025-03-10T16:00:00.000Z'); // 5 wd
  });

  it('refuses to run a case whose pinned version is missing from the registry', () => {
    const state = must(execute(initialState, raiseCommand({ policyVersion: undefined }), ctx(T0, [v2])));
    expect(() =>
      execute(state, { type: 'triageCase', actor: actors.laifengTriage, route: 'village' }, ctx(T0, [v1])),
    ).toThrow("unknown case policy version '2026.1'");
  });
});
