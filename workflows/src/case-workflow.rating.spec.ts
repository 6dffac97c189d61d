import { addCalendarDays, addWorkingDays } from '@bishan/domain';
import {
  CaseWorkflowTestEnv,
  HOUR,
  actors,
  caseActions,
  iso,
  ms,
  ofType,
  only,
  oneTo,
  seqsOf,
  systemEvents,
} from './test-support/case-workflow-env';

// Paths after the result: ratings that close, reopen or never come, and a case under top leaders.
describe('caseWorkflow: rating and supervision paths on skipped time', () => {
  let t: CaseWorkflowTestEnv;

  beforeAll(async () => {
    t = await CaseWorkflowTestEnv.create();
  });

  afterAll(async () => {
    await t?.teardown();
  });

  it('reopens twice after dissatisfied ratings; the second reopening goes to the supervising leader', async () => {
    const { caseId, handle, startedAt } = await t.startCaseOnMonday();
    const act = caseActions(handle);
    await act.triage('village');
    const round = async (hour: number, rating: 'dissatisfied' | 'satisfied') => {
      await t.sleepUntil(startedAt + hour * HOUR);
      await act.reportResult(actors.dengfengSecretary);
      await act.giveFeedback(actors.dengfengSecretary);
      return act.rate(rating);
    };

    const first = await round(1, 'dissatisfied');
    const reopened1 = only(t.events(caseId), 'caseReopened');
    expect(reopened1).toMatchObject({ reopenCount: 1, dueAt: iso(addWorkingDays(reopened1.at, 5)) });
    expect(first.view).toMatchObject({ status: 'handling', reopenCount: 1, supervision: { level: 'town' } });

    const second = await round(2, 'dissatisfied');
    const reopened2 = ofType(t.events(caseId), 'caseReopened')[1]!;
    expect(reopened2).toMatchObject({ reopenCount: 2, dueAt: iso(addWorkingDays(reopened2.at, 5)) });
    expect(second.view).toMatchObject({
      status: 'handling',
      reopenCount: 2,
      supervision: { level: 'supervisingDistrictLeader', leaderIds: ['dl-chen'] },
    });
    // The reopened case runs against its fresh handling deadline only.
    expect(second.view.status !== 'notRaised' && second.view.deadlines.filter((d) => d.kind === 'handling').map((d) => d.dueAt)).toEqual([
      reopened2.dueAt,
    ]);

    await round(3, 'satisfied');
    const result = await handle.result();
    const events = t.events(caseId);
    expect(events.map((e) => e.type)).toEqual([
      'caseRaised',
      'caseEnteredLedger',
      'caseAssigned',
      ...['resultReported', 'feedbackGiven', 'caseRated', 'caseReopened'],
      ...['resultReported', 'feedbackGiven', 'caseRated', 'caseReopened', 'caseEscalated'],
      ...['resultReported', 'feedbackGiven', 'caseRated', 'caseClosed'],
    ]);
    // No deadline fired; the only system event is the escalation decided with the second rating.
    const secondRating = ofType(events, 'caseRated')[1]!;
    expect(systemEvents(events)).toEqual([['caseEscalated', secondRating.at]]);
    expect(only(events, 'caseEscalated')).toMatchObject({
      trigger: 'reopenedAgain',
      step: 1,
      target: 'supervisingDistrictLeader',
      targetIds: ['dl-chen'], // 来凤街道's linked district leader
    });
    expect(ofType(events, 'caseRated').map((e) => e.rating)).toEqual(['dissatisfied', 'dissatisfied', 'satisfied']);
    expect(result).toEqual({ caseId, closure: 'satisfied', closedAt: only(events, 'caseClosed').at });
    expect(seqsOf(t.sequenced(caseId))).toEqual(oneTo(16));
  });

  it('closes as not rated when the rating window expires, at its exact end', async () => {
    const { caseId, handle } = await t.startCaseOnMonday();
    const act = caseActions(handle);
    await act.triage('village');
    await act.reportResult(actors.dengfengSecretary);
    await act.giveFeedback(actors.dengfengSecretary);
    const feedback = only(t.events(caseId), 'feedbackGiven');
    const ratingDueAt = iso(addCalendarDays(feedback.at, 7));
    expect(feedback).toMatchObject({ late: false, ratingDueAt });

    await t.sleepUntil(ms(ratingDueAt) + HOUR);
    const result = await handle.result();
    const events = t.events(caseId);
    expect(events.map((e) => e.type)).toEqual([
      'caseRaised',
      'caseEnteredLedger',
      'caseAssigned',
      'resultReported',
      'feedbackGiven',
      'ratingWindowExpired',
      'caseClosed',
    ]);
    expect(systemEvents(events)).toEqual([
      ['ratingWindowExpired', ratingDueAt],
      ['caseClosed', ratingDueAt],
    ]);
    expect(only(events, 'caseClosed').closure).toBe('notRated');
    expect(result).toEqual({ caseId, closure: 'notRated', closedAt: ratingDueAt });
    expect(seqsOf(t.sequenced(caseId))).toEqual(oneTo(7));
    await t.saveHistory(handle, 'not-rated');
  });

  it('puts a concentrated issue under the top district leaders, who then decide its extensions', async () => {
    const { caseId, handle } = await t.startCaseOnMonday();
    const act = caseActions(handle);
    await act.triage('district');
    await act.claim();
    await act.submitPlan();
    const flagged = await act.flagConcentrated(actors.top);
    expect(flagged.view).toMatchObject({ concentrated: true, supervision: { level: 'topDistrictLeaders', leaderIds: ['top-1', 'top-2'] } });
    expect(only(t.events(caseId), 'caseFlaggedConcentrated')).toMatchObject({
      actor: actors.top,
      supervision: { level: 'topDistrictLeaders', leaderIds: ['top-1', 'top-2'] },
    });

    await act.requestExtension(3);
    const before = t.sequenced(caseId).length;
    // The department's own supervising leader no longer decides: refused by the validator, nothing recorded.
    await expect(act.approveExtension(actors.dlWang)).rejects.toMatchObject({
      cause: { message: expect.stringContaining('only the supervising leader of the case (top-1, top-2) decides extensions') },
    });
    expect(t.sequenced(caseId)).toHaveLength(before);
    const approved = await act.approveExtension(actors.top);
    expect(approved.view).toMatchObject({ pendingExtension: null });

    await act.reportResult();
    await act.giveFeedback();
    await act.rate('satisfied');
    const result = await handle.result();
    const events = t.events(caseId);
    expect(events.map((e) => e.type)).toEqual([
      'caseRaised',
      'caseEnteredLedger',
      'casePublished',
      'caseClaimed',
      'handlingPlanSubmitted',
      'caseFlaggedConcentrated',
      'extensionRequested',
      'extensionApproved',
      'resultReported',
      'feedbackGiven',
      'caseRated',
      'caseClosed',
    ]);
    expect(systemEvents(events)).toEqual([]);
    const claimed = only(events, 'caseClaimed');
    expect(only(events, 'extensionApproved')).toMatchObject({
      actor: actors.top,
      previousDueAt: claimed.handlingDueAt,
      newDueAt: iso(addWorkingDays(claimed.handlingDueAt, 3)),
    });
    expect(result).toEqual({ caseId, closure: 'satisfied', closedAt: only(events, 'caseClosed').at });
    expect(seqsOf(t.sequenced(caseId))).toEqual(oneTo(12));
  });
});
