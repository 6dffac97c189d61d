import { WorkflowUpdateFailedError } from '@temporalio/client';
import { caseSearchAttributeKeys, caseSnapshotQuery, flagConcentratedUpdate } from '@bishan/contracts';
import { addWorkingDays, deadlineFractionPoint, shanghaiDateOf } from '@bishan/domain';
import {
  CaseWorkflowTestEnv,
  HOUR,
  MINUTE,
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
import { PATCHES_AT_START_PATCH, SEARCH_ATTRIBUTES_PATCH } from './case.workflow';

// Intake and claiming, and how the workflow treats its updates and its query.
describe('caseWorkflow on skipped time', () => {
  let t: CaseWorkflowTestEnv;

  beforeAll(async () => {
    t = await CaseWorkflowTestEnv.create();
  });

  afterAll(async () => {
    await t?.teardown();
  });

  it('closes a case resolved on the spot at once', async () => {
    const { caseId, handle, startedAt } = await t.startCaseOnMonday({
      resolvedOnSpot: { summary: '保洁队当场答应纳入清扫范围' },
    });
    const result = await handle.result();
    const events = t.events(caseId);
    expect(events.map((e) => e.type)).toEqual(['caseRaised', 'caseResolvedOnSpot', 'caseClosed']);
    expect(systemEvents(events)).toEqual([]);
    expect(result).toEqual({ caseId, closure: 'resolvedOnSpot', closedAt: only(events, 'caseClosed').at });
    expect(ms(result.closedAt!) - startedAt).toBeLessThan(MINUTE);
    expect(seqsOf(t.sequenced(caseId))).toEqual(oneTo(3));
    await t.saveHistory(handle, 'resolved-on-spot');
  });

  it('escalates an unclaimed case when its claim window ends, then takes a late claim through to closing', async () => {
    const { caseId, handle, startedAt } = await t.startCaseOnMonday();
    const act = caseActions(handle);
    await act.triage('district');
    const published = only(t.events(caseId), 'casePublished');
    const claimDueAt = iso(addWorkingDays(published.at, 2));
    // Published on Monday: the 2-working-day claim window ends at 24:00 Shanghai on Wednesday.
    expect(claimDueAt).toBe(iso(startedAt + 2 * 24 * HOUR + 14 * HOUR));
    expect(published.claimDueAt).toBe(claimDueAt);
    const reminderAt = (fraction: number) => iso(deadlineFractionPoint(published.at, claimDueAt, fraction));

    await t.sleepUntil(ms(claimDueAt) + HOUR);
    const escalated = await t.view(handle);
    expect(escalated).toMatchObject({
      status: 'published',
      escalation: { trigger: 'unclaimed', step: 1, at: claimDueAt },
      supervision: { level: 'supervisingDistrictLeader', leaderIds: ['dl-wang'] },
      deadlines: [],
    });

    const claimed = await act.claim();
    expect(claimed.view).toMatchObject({
      status: 'claimed',
      handler: { level: 'district', unitId: 'urban-management' },
    });
    await act.submitPlan();
    await act.reportResult();
    await act.giveFeedback();
    await act.rate('satisfied');
    const result = await handle.result();

    const events = t.events(caseId);
    expect(events.map((e) => e.type)).toEqual([
      'caseRaised',
      'caseEnteredLedger',
      'casePublished',
      'reminderSent',
      'reminderSent',
      'deadlineMissed',
      'caseEscalated',
      'caseClaimed',
      'handlingPlanSubmitted',
      'resultReported',
      'feedbackGiven',
      'caseRated',
      'caseClosed',
    ]);
    expect(systemEvents(events)).toEqual([
      ['reminderSent', reminderAt(0.5)],
      ['reminderSent', reminderAt(0.8)],
      ['deadlineMissed', claimDueAt],
      ['caseEscalated', claimDueAt],
    ]);
    expect(ofType(events, 'reminderSent').map((r) => [r.forKind, r.fraction, r.notify])).toEqual([
      ['claimWindow', 0.5, ['urban-management']],
      ['claimWindow', 0.8, ['urban-management']],
    ]);
    expect(only(events, 'caseEscalated')).toMatchObject({
      trigger: 'unclaimed',
      step: 1,
      target: 'supervisingDistrictLeader',
      targetIds: ['dl-wang'],
      deadlineId: 'claimWindow-1',
    });
    expect(only(events, 'caseClaimed')).toMatchObject({ late: true, leadDepartmentId: 'urban-management' });
    expect(result).toEqual({ caseId, closure: 'satisfied', closedAt: only(events, 'caseClosed').at });
    expect(seqsOf(t.sequenced(caseId))).toEqual(oneTo(13));
    await t.saveHistory(handle, 'unclaimed-escalated-late-claim');
  });

  it('returns a wrongly claimed case to triage, then transfers it, and the restarted plan deadline fires at its new time', async () => {
    const { caseId, handle } = await t.startCaseOnMonday({ category: 'roadAppearance' });
    const act = caseActions(handle);
    await act.triage('district');
    await act.claim(actors.housingHandler);
    const returned = await act.returnCase(actors.housingHandler, 'This is street cleaning, not facades');
    expect(returned.view).toMatchObject({ status: 'inLedger', handler: null, returnCount: 1, deadlines: [] });

    await act.triage('district');
    await act.claim(actors.umHandler);
    const claimed = ofType(t.events(caseId), 'caseClaimed')[1]!;
    const transferred = await act.transfer(actors.umHandler, 'housing', 'Facade work');
    const transfer = only(t.events(caseId), 'caseTransferred');
    const planDueAt = iso(addWorkingDays(transfer.at, 2));
    expect(transfer).toMatchObject({
      fromDepartmentId: 'urban-management',
      toDepartmentId: 'housing',
      supervision: { leaderIds: ['dl-li'] },
    });
    // The handling deadline keeps running from the claim: a transfer buys no time. Only the plan restarts.
    expect(transferred.view).toMatchObject({
      status: 'claimed',
      handler: { level: 'district', unitId: 'housing' },
      responsibility: null,
    });
    const deadlines = transferred.view.status === 'notRaised' ? [] : transferred.view.deadlines;
    expect(deadlines.filter((d) => d.kind !== 'reminder').map((d) => [d.kind, d.dueAt])).toEqual([
      ['handlingPlan', planDueAt],
      ['handling', claimed.handlingDueAt],
    ]);

    await t.sleepUntil(ms(planDueAt) + HOUR);
    await act.submitPlan(actors.housingHandler);
    await act.reportResult(actors.housingHandler);
    await act.giveFeedback();
    await act.rate('satisfied');
    const result = await handle.result();

    const events = t.events(caseId);
    expect(events.map((e) => e.type)).toEqual([
      'caseRaised',
      'caseEnteredLedger',
      'casePublished',
      'caseClaimed',
      'caseReturned',
      'casePublished',
      'caseClaimed',
      'caseTransferred',
      'reminderSent',
      'reminderSent',
      'deadlineMissed',
      'handlingPlanSubmitted',
      'resultReported',
      'feedbackGiven',
      'caseRated',
      'caseClosed',
    ]);
    const planReminderAt = (fraction: number) => iso(deadlineFractionPoint(transfer.at, planDueAt, fraction));
    expect(systemEvents(events)).toEqual([
      ['reminderSent', planReminderAt(0.5)],
      ['reminderSent', planReminderAt(0.8)],
      ['deadlineMissed', planDueAt],
    ]);
    expect(ofType(events, 'reminderSent').map((r) => [r.forKind, r.notify])).toEqual([
      ['handlingPlan', ['housing']],
      ['handlingPlan', ['housing']],
    ]);
    expect(only(events, 'deadlineMissed')).toMatchObject({
      kind: 'handlingPlan',
      dueAt: planDueAt,
      notify: ['housing-leader'],
    });
    expect(only(events, 'caseReturned')).toMatchObject({ fromLevel: 'district', fromUnitId: 'housing' });
    expect(only(events, 'handlingPlanSubmitted')).toMatchObject({
      late: true,
      responsibility: { departmentId: 'housing' },
    });
    expect(result).toEqual({ caseId, closure: 'satisfied', closedAt: only(events, 'caseClosed').at });
    expect(seqsOf(t.sequenced(caseId))).toEqual(oneTo(16));
  });

  it('loads a department outside the duty list when a leader reassigns the case to it, and escalates to its leaders', async () => {
    // Sanitation is urban management's alone: the run loaded housing by id only.
    const { caseId, handle } = await t.startCaseOnMonday();
    const act = caseActions(handle);
    await act.triage('district');
    await act.claim(actors.umHandler, ['power-supply']);
    const loadsBefore = t.departmentLoads.length;
    const reassigned = await act.reassign(actors.dlWang, 'housing', 'Retaining wall, not street cleaning');
    expect(t.departmentLoads.slice(loadsBefore)).toEqual([['housing']]);
    expect(only(t.events(caseId), 'caseReassigned')).toMatchObject({
      fromDepartmentId: 'urban-management',
      toDepartmentId: 'housing',
      supervision: { level: 'supervisingDistrictLeader', leaderIds: ['dl-li'] },
    });
    const deadlines = reassigned.view.status === 'notRaised' ? [] : reassigned.view.deadlines;
    const planDueAt = deadlines.find((d) => d.kind === 'handlingPlan')?.dueAt ?? '';
    await t.sleepUntil(ms(planDueAt) + HOUR);
    // The missed plan goes to housing's own leader, which only its full record names.
    expect(only(t.events(caseId), 'deadlineMissed')).toMatchObject({
      kind: 'handlingPlan',
      notify: ['housing-leader'],
    });
    await act.submitPlan(actors.housingHandler);
    await act.reportResult(actors.housingHandler);
    await act.giveFeedback();
    await act.rate('satisfied');
    expect(await handle.result()).toMatchObject({ caseId, closure: 'satisfied' });
    expect(t.departmentLoads.slice(loadsBefore)).toEqual([['housing']]);
    await t.saveHistory(handle, 'reassigned-outside-duty-list');
  });

  it('refuses a claim by a department whose duty list does not cover the category, and records nothing', async () => {
    const { caseId, handle } = await t.startCaseOnMonday();
    const act = caseActions(handle);
    await act.triage('district');
    const before = t.sequenced(caseId);

    const attempt = act.claim(actors.housingHandler);
    await expect(attempt).rejects.toThrow(WorkflowUpdateFailedError);
    await expect(attempt).rejects.toMatchObject({
      cause: {
        message: expect.stringMatching(/^forbidden: .*duty list does not cover category 'sanitation'/),
      },
    });
    expect(t.sequenced(caseId)).toEqual(before);
    expect(await handle.query(caseSnapshotQuery)).toMatchObject({
      eventSeq: before.length,
      view: { status: 'published' },
    });
    // The refused update left no trace in the history either: validators reject before acceptance.
    const history = await handle.fetchHistory();
    const accepted = (history.events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
    expect(
      accepted.map((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name),
    ).toEqual(['triageCase']);
  });

  it('decides every patch in its first workflow task, before any activity, never after a local activity', async () => {
    const { handle } = await t.startCaseOnMonday();
    const act = caseActions(handle);
    await act.triage('district');
    await act.claim();
    await act.submitPlan();
    const events = (await handle.fetchHistory()).events ?? [];
    const patchIds = events
      .filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch')
      .map((e) =>
        Buffer.from(e.markerRecordedEventAttributes!.details!['patch-data']!.payloads![0]!.data!).toString(),
      );
    expect(patchIds.map((data) => JSON.parse(data).id)).toEqual([PATCHES_AT_START_PATCH, SEARCH_ATTRIBUTES_PATCH]);
    // The markers (each with the SDK's TemporalChangeVersion upsert) are the first things the first
    // workflow task decided: no activity before them.
    const firstCommand = events.findIndex((e) => e.workflowTaskCompletedEventAttributes) + 1;
    const isPatchMarker = (e: (typeof events)[number]) => e.markerRecordedEventAttributes?.markerName === 'core_patch';
    const isChangeVersion = (e: (typeof events)[number]) =>
      Object.keys(e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {}).join() === 'TemporalChangeVersion';
    const leading = events.slice(firstCommand, firstCommand + 4);
    expect(leading.map((e) => (isPatchMarker(e) ? 'patch' : isChangeVersion(e) ? 'changeVersion' : 'other'))).toEqual([
      'patch',
      'changeVersion',
      'patch',
      'changeVersion',
    ]);
  });

  it('shows the case in typed search attributes, upserting only the ones a step changes', async () => {
    const { handle } = await t.startCaseOnMonday();
    const act = caseActions(handle);
    const shown = async () => {
      const { typedSearchAttributes } = await handle.describe();
      return Object.fromEntries(Object.values(caseSearchAttributeKeys).map((key) => [key.name, typedSearchAttributes.get(key)]));
    };
    const upserts = async () =>
      ((await handle.fetchHistory()).events ?? []).filter((e) => e.upsertWorkflowSearchAttributesEventAttributes).length;
    await act.triage('district');
    expect(await shown()).toMatchObject({
      CaseStatus: 'published',
      CaseTown: 'laifeng',
      CaseHandlingDepartment: undefined,
      CaseEscalationLevel: 0,
      CaseOverdue: false,
      CaseConcentrated: false,
    });
    await act.claim();
    expect(await shown()).toMatchObject({ CaseStatus: 'claimed', CaseHandlingDepartment: 'urban-management' });
    const afterClaim = await upserts();
    // Submitting the plan changes the status and nothing else an operator filters by: one upsert.
    await act.submitPlan();
    expect(await shown()).toMatchObject({ CaseStatus: 'handling', CaseHandlingDepartment: 'urban-management' });
    expect(await upserts()).toBe(afterClaim + 1);
  });

  it('keeps persistence in decision order when two updates overlap', async () => {
    const { caseId, handle } = await t.startCaseOnMonday();
    const act = caseActions(handle);
    await act.triage('district');
    await act.claim();
    await act.submitPlan();
    const before = t.sequenced(caseId).length;
    // Both updates are sent at once, so they reach the workflow together; the recording of the one
    // decided first is slow, and without chaining the other's would land first.
    t.delayNextRecords(caseId, 800);
    const [flagged, extended] = await Promise.all([
      handle.executeUpdate(flagConcentratedUpdate, {
        args: [{ type: 'flagConcentrated', actor: actors.top, reason: 'Cluster of sanitation complaints' }],
      }),
      act.requestExtension(3),
    ]);
    // Updates answer once decided; the recordings follow, chained in decision order.
    await t.recordedUpTo(caseId, before + 2);

    const recorded = t.sequenced(caseId).slice(before);
    expect(recorded.map((e) => e.seq)).toEqual([before + 1, before + 2]);
    expect(recorded.map((e) => e.event.type).sort()).toEqual([
      'caseFlaggedConcentrated',
      'extensionRequested',
    ]);
    // Each answer carries the sequence of its own decision.
    const seqOf = (type: string) => recorded.find((e) => e.event.type === type)!.seq;
    expect(flagged.eventSeq).toBeGreaterThanOrEqual(seqOf('caseFlaggedConcentrated'));
    expect(extended.eventSeq).toBeGreaterThanOrEqual(seqOf('extensionRequested'));
    expect(seqsOf(t.sequenced(caseId))).toEqual(oneTo(before + 2));
  });

  it('answers the query with the current view and the pending deadlines', async () => {
    const { caseId, handle } = await t.startCaseOnMonday();
    const act = caseActions(handle);
    // Until the directory is loaded and the raise applied the query answers 'notRaised'; then the ledger entry.
    expect(await t.waitForEventSeq(handle, 2)).toMatchObject({
      eventSeq: 2,
      view: { status: 'inLedger', caseId, deadlines: [], nextDeadline: null },
    });
    await act.triage('district');
    await act.claim();
    const claimed = only(t.events(caseId), 'caseClaimed');
    const planDueAt = iso(addWorkingDays(claimed.at, 2));
    const handlingDueAt = claimed.handlingDueAt;
    const at = (dueAt: string, f: number) => iso(deadlineFractionPoint(claimed.at, dueAt, f));

    const snapshot = await handle.query(caseSnapshotQuery);
    expect(snapshot.eventSeq).toBe(4);
    expect(snapshot.view).toMatchObject({
      status: 'claimed',
      policyVersion: '2025.1',
      handler: { level: 'district', unitId: 'urban-management' },
      supervision: { level: 'supervisingDistrictLeader', leaderIds: ['dl-wang'] },
      escalationLevel: 0,
      overdue: false,
      paused: null,
    });
    // Ids number every deadline ever scheduled: the claim window (1) and its reminders (2, 3) went with the claim.
    // The skipped clock starts at today's date: a deadline past the package's last year is provisional.
    const provisional = (dueAt: string) => shanghaiDateOf(ms(dueAt) - 1) > '2026-12-31';
    const expected = [
      {
        id: 'reminder-5',
        kind: 'reminder',
        dueAt: at(planDueAt, 0.5),
        reminds: { deadlineId: 'handlingPlan-4', fraction: 0.5 },
      },
      {
        id: 'reminder-6',
        kind: 'reminder',
        dueAt: at(planDueAt, 0.8),
        reminds: { deadlineId: 'handlingPlan-4', fraction: 0.8 },
      },
      { id: 'handlingPlan-4', kind: 'handlingPlan', dueAt: planDueAt },
      {
        id: 'reminder-8',
        kind: 'reminder',
        dueAt: at(handlingDueAt, 0.5),
        reminds: { deadlineId: 'handling-7', fraction: 0.5 },
      },
      {
        id: 'reminder-9',
        kind: 'reminder',
        dueAt: at(handlingDueAt, 0.8),
        reminds: { deadlineId: 'handling-7', fraction: 0.8 },
      },
      { id: 'handling-7', kind: 'handling', dueAt: handlingDueAt },
    ].map((d) => ({ ...d, running: true, provisional: provisional(d.dueAt) }));
    expect(snapshot.view.status !== 'notRaised' && snapshot.view.deadlines).toEqual(expected);
    expect(snapshot.view.status !== 'notRaised' && snapshot.view.nextDeadline).toEqual(expected[0]);

    // After the first reminder fires, the query shows it gone and the next one up.
    await t.sleepUntil(ms(at(planDueAt, 0.5)) + MINUTE);
    await t.settledEvents(handle);
    const later = await t.view(handle);
    expect(later.deadlines.map((d) => d.id)).toEqual(expected.slice(1).map((d) => d.id));
    expect(later.nextDeadline).toEqual(expected[1]);
    expect((await handle.query(caseSnapshotQuery)).eventSeq).toBe(5);
  });
});
