import type { CaseCommand } from './case-commands';
import { decide } from './case-decide';
import type { CaseState } from './case-state';
import { initialState } from './case-state';
import {
  T0,
  T1,
  actors,
  ctx,
  handlingCase,
  publishedCase,
  raiseCommand,
  run,
  runTimersUntil,
} from '../test-support/org-fixture';

function rejection(state: CaseState, now: string, command: CaseCommand) {
  const decision = decide(state, command, ctx(now));
  if (decision.ok) throw new Error(`${command.type} was accepted`);
  return { code: decision.code, reason: decision.reason };
}

describe('rejections', () => {
  describe('wrong actor', () => {
    it('lets only the triage committee of the case’s own town triage', () => {
      const state = run(initialState, T0, raiseCommand()).state;
      expect(rejection(state, T0, { type: 'triageCase', actor: actors.zhengxingTriage, route: 'district' })).toEqual({
        code: 'forbidden',
        reason: "only the triage committee of town 'laifeng' triages this case",
      });
      expect(rejection(state, T0, { type: 'triageCase', actor: actors.laifengLeader, route: 'village' }).code).toBe(
        'forbidden',
      );
    });

    it('lets only a department whose duty list covers the category claim', () => {
      expect(rejection(publishedCase(), T1, { type: 'claimCase', actor: actors.powerHandler })).toEqual({
        code: 'forbidden',
        reason: "department 'power-supply' cannot claim this case: its duty list does not cover category 'sanitation'",
      });
    });

    it('lets only the lead department report the result', () => {
      expect(rejection(handlingCase(), T1, { type: 'reportResult', actor: actors.housingHandler, summary: 'x' })).toEqual({
        code: 'forbidden',
        reason: "only the lead department 'urban-management' may do this; department-handler 'housing-liu' is not it",
      });
    });

    it('lets only the supervising leader decide an extension', () => {
      const state = run(handlingCase(), T1, {
        type: 'requestExtension',
        actor: actors.umHandler,
        workingDays: 2,
        reason: 'Rain',
      }).state;
      expect(rejection(state, T1, { type: 'approveExtension', actor: actors.dlLi, reason: 'ok' })).toEqual({
        code: 'forbidden',
        reason: 'only the supervising leader of the case (dl-wang) decides extensions',
      });
      expect(rejection(state, T1, { type: 'approveExtension', actor: actors.umHandler, reason: 'ok' }).code).toBe(
        'forbidden',
      );
    });

    it('lets only a reporter rate, and only the system fire deadlines', () => {
      const state = run(
        handlingCase(),
        T1,
        { type: 'reportResult', actor: actors.umHandler, summary: 'Done' },
        { type: 'giveFeedback', actor: actors.dengfengSecretary },
      ).state;
      expect(rejection(state, T1, { type: 'rateCase', actor: actors.otherResident, rating: 'satisfied' })).toEqual({
        code: 'forbidden',
        reason: "resident 'r-9' did not report this case and cannot rate it",
      });
      expect(rejection(state, T1, { type: 'rateCase', actor: actors.dengfengSecretary, rating: 'satisfied' }).code).toBe(
        'forbidden',
      );
      expect(
        rejection(state, '2025-04-01T00:00:00Z', { type: 'deadlineReached', actor: actors.top, deadlineId: 'ratingWindow-13' }),
      ).toEqual({ code: 'forbidden', reason: "role 'top-district-leader' may not deadlineReached; allowed: system" });
    });

    it('keeps village secretaries to their own village and residents to the online group', () => {
      expect(rejection(initialState, T0, raiseCommand({ actor: actors.shilongSecretary })).code).toBe('forbidden');
      expect(rejection(initialState, T0, raiseCommand({ actor: actors.resident })).reason).toBe(
        'a resident can raise a case only in the online group and as one of its reporters',
      );
      expect(decide(initialState, raiseCommand({ actor: actors.resident, channel: 'onlineGroup' }), ctx(T0)).ok).toBe(true);
    });
  });

  describe('a field left empty', () => {
    it('names the field and its rule, for a form in another language', () => {
      const empty = decide(initialState, raiseCommand({ description: '   ' }), ctx(T0));
      expect(empty.ok ? null : { field: empty.field, fieldProblem: empty.fieldProblem }).toEqual({ field: 'description', fieldProblem: { rule: 'required' } });
      const claimed = run(publishedCase(), T1, { type: 'claimCase', actor: actors.umHandler }).state;
      const plan = decide(claimed, { type: 'submitHandlingPlan', actor: actors.umHandler, plan: 'p', responsibility: { unit: ' ', personName: '王' } }, ctx(T1));
      expect(plan.ok ? null : plan.field).toBe('responsibility.unit');
    });
  });

  describe('wrong state', () => {
    it('refuses to claim a case that is no longer in the pool', () => {
      expect(rejection(handlingCase(), T1, { type: 'claimCase', actor: actors.housingHandler })).toEqual({
        code: 'wrong-state',
        reason: "case is in state 'handling'; only 'published' cases can be claimed",
      });
    });

    it('refuses a result before the handling plan, and commands before the case is raised', () => {
      const claimed = run(publishedCase(), T1, { type: 'claimCase', actor: actors.umHandler }).state;
      expect(rejection(claimed, T1, { type: 'reportResult', actor: actors.umHandler, summary: 'x' })).toEqual({
        code: 'wrong-state',
        reason: "case is in state 'claimed'; submit the handling plan before reporting a result",
      });
      expect(rejection(initialState, T0, { type: 'claimCase', actor: actors.umHandler }).code).toBe('wrong-state');
      expect(rejection(claimed, T1, raiseCommand()).reason).toBe("case 'case-1' has already been raised");
    });

    it('refuses to decide an extension nobody asked for', () => {
      expect(rejection(handlingCase(), T1, { type: 'approveExtension', actor: actors.dlWang, reason: 'ok' })).toEqual({
        code: 'wrong-state',
        reason: 'no extension request is pending',
      });
    });
  });

  describe('late action', () => {
    it('refuses an extension requested after the handling deadline', () => {
      const overdue = runTimersUntil(handlingCase(), '2025-03-12T00:00:00.000Z').state;
      expect(
        rejection(overdue, '2025-03-12T02:00:00.000Z', {
          type: 'requestExtension',
          actor: actors.umHandler,
          workingDays: 3,
          reason: 'Too late',
        }),
      ).toEqual({ code: 'late', reason: 'the handling deadline has passed; an extension must be requested before it' });
      expect(
        rejection(overdue, '2025-03-12T02:00:00.000Z', { type: 'pauseClock', actor: actors.umHandler, reason: 'waitingForFunds' })
          .code,
      ).toBe('late');
    });

    it('refuses a rating after the window closed the case as not rated', () => {
      const state = run(
        handlingCase(),
        T1,
        { type: 'reportResult', actor: actors.umHandler, summary: 'Done' },
        { type: 'giveFeedback', actor: actors.dengfengSecretary },
      ).state;
      const closed = runTimersUntil(state, '2025-03-31T00:00:00.000Z').state;
      expect(rejection(closed, '2025-03-31T00:00:00.000Z', { type: 'rateCase', actor: actors.resident, rating: 'satisfied' })).toEqual({
        code: 'late',
        reason: 'the rating window closed; the case was closed as not rated at 2025-03-11T16:00:00.000Z',
      });
    });
  });

  describe('timers', () => {
    it('refuses a timer that fires early or for a deadline no longer pending', () => {
      const state = publishedCase();
      expect(rejection(state, T0, { type: 'deadlineReached', actor: actors.system, deadlineId: 'claimWindow-1' })).toEqual({
        code: 'not-due',
        reason: "deadline 'claimWindow-1' is due at 2025-03-05T16:00:00.000Z, not yet at 2025-03-03T02:00:00.000Z",
      });
      const claimed = run(state, T1, { type: 'claimCase', actor: actors.umHandler }).state;
      expect(
        rejection(claimed, '2025-03-06T00:00:00Z', { type: 'deadlineReached', actor: actors.system, deadlineId: 'claimWindow-1' }).code,
      ).toBe('unknown-deadline');
    });
  });
});
