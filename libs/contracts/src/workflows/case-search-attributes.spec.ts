import { describeCase, initialState, type CaseState, type CaseView } from '@bishan/domain';
// The domain's own spec fixture: a small organisation and cases at known steps of the loop.
import { T0, T1, actors, handlingCase, publishedCase, raiseCommand, run } from '../../../domain/src/test-support/org-fixture';
import {
  caseSearchQueries,
  inTaskQueue,
  caseSearchAttributesAtStart,
  caseSearchAttributeUpdates,
  caseSearchAttributeValues,
  shownCaseSearchAttributes,
} from './case-search-attributes';
import { TypedSearchAttributes } from '@temporalio/common';

const viewOf = (state: CaseState): CaseView => describeCase(state) as CaseView;
const names = (updates: readonly { key: { name: string } }[]) => updates.map((u) => u.key.name);

describe('case search attributes', () => {
  it('show the status, town, lead department, escalation, overdue, concentrated, policy and supervision of a case', () => {
    const view = viewOf(handlingCase());
    expect(caseSearchAttributeValues(view)).toEqual({
      CaseStatus: view.status,
      CaseTown: 'laifeng',
      CaseHandlingDepartment: 'urban-management',
      CaseEscalationLevel: 0,
      CaseOverdue: false,
      CaseConcentrated: false,
      CasePolicyVersion: view.policyVersion,
      // The lead department's supervising district leader watches it from the claim (督办).
      CaseSupervisionLevel: 'supervisingDistrictLeader',
    });
  });

  it('show who supervises a case: the top district leaders once it is flagged as a concentrated issue', () => {
    const flagged = run(publishedCase(), T1, { type: 'flagConcentrated', actor: actors.top, reason: '同一路段反复投诉' }).state;
    expect(caseSearchAttributeValues(viewOf(flagged))).toMatchObject({
      CaseSupervisionLevel: 'topDistrictLeaders',
      CaseConcentrated: true,
      CaseStatus: 'published',
    });
  });

  it('name no department while no district department leads the case', () => {
    expect(caseSearchAttributeValues(viewOf(publishedCase())).CaseHandlingDepartment).toBeNull();
  });

  it('upsert every attribute with a value when the run shows none', () => {
    const { updates, shown } = caseSearchAttributeUpdates({}, viewOf(publishedCase()));
    expect(names(updates)).toEqual([
      'CaseStatus',
      'CaseTown',
      'CaseEscalationLevel',
      'CaseOverdue',
      'CaseConcentrated',
      'CasePolicyVersion',
    ]);
    expect(shown).not.toHaveProperty('CaseHandlingDepartment');
  });

  it('upsert nothing when nothing an operator filters by changed', () => {
    const view = viewOf(publishedCase());
    const { shown } = caseSearchAttributeUpdates({}, view);
    expect(caseSearchAttributeUpdates(shown, view).updates).toEqual([]);
  });

  it('upsert only what changed: a claim changes the status, names the department and its supervisor', () => {
    const { shown } = caseSearchAttributeUpdates({}, viewOf(publishedCase()));
    const { updates } = caseSearchAttributeUpdates(shown, viewOf(handlingCase()));
    expect(updates.map((u) => [u.key.name, u.value])).toEqual([
      ['CaseStatus', viewOf(handlingCase()).status],
      ['CaseHandlingDepartment', 'urban-management'],
      ['CaseSupervisionLevel', 'supervisingDistrictLeader'],
    ]);
  });

  it('remove the department once none leads the case', () => {
    const { shown } = caseSearchAttributeUpdates({}, viewOf(handlingCase()));
    const { updates, shown: after } = caseSearchAttributeUpdates(shown, viewOf(publishedCase()));
    expect(updates.find((u) => u.key.name === 'CaseHandlingDepartment')?.value).toBeNull();
    expect(after).not.toHaveProperty('CaseHandlingDepartment');
  });

  it('read back what a run shows from its typed attributes', () => {
    const { updates, shown } = caseSearchAttributeUpdates({}, viewOf(handlingCase()));
    const typed = new TypedSearchAttributes().updateCopy([...updates]);
    expect(shownCaseSearchAttributes(typed)).toEqual(shown);
  });

  it('start a workflow with the recorded raise’s attributes, and with none when nothing was recorded', () => {
    const raised = run(initialState, T0, raiseCommand());
    const events = raised.events.map((event, i) => ({ seq: i + 1, event }));
    const raise = raiseCommand();
    const atStart = caseSearchAttributesAtStart({ caseId: raise.caseId, raise, recorded: { events } });
    expect(Object.fromEntries(atStart.map((p) => [p.key.name, p.value]))).toMatchObject({
      CaseStatus: viewOf(raised.state).status,
      CaseTown: 'laifeng',
    });
    expect(caseSearchAttributesAtStart({ caseId: raise.caseId, raise })).toEqual([]);
  });

  it('offer ready-made queries whose literals cannot be broken out of', () => {
    expect(caseSearchQueries.overdueInDepartment('urban-management')).toBe(
      `CaseOverdue = true AND CaseHandlingDepartment = 'urban-management' AND ExecutionStatus = 'Running'`,
    );
    expect(caseSearchQueries.overdueInDepartment(`x' OR CaseTown != '`)).toContain(`= 'x\\' OR CaseTown != \\''`);
    expect(caseSearchQueries.stuckInTriage(new Date('2026-12-01T00:00:00Z'))).toBe(
      `CaseStatus = 'inLedger' AND StartTime < '2026-12-01T00:00:00.000Z' AND ExecutionStatus = 'Running'`,
    );
    expect(inTaskQueue(caseSearchQueries.escalatedToTopLeaders(), 'bishan-cases')).toMatch(/^TaskQueue = 'bishan-cases' AND CaseSupervisionLevel/);
    expect(caseSearchQueries.overdue()).toBe(`CaseOverdue = true AND ExecutionStatus = 'Running'`);
    expect(caseSearchQueries.escalatedToTopLeaders()).toBe(`CaseSupervisionLevel = 'topDistrictLeaders' AND ExecutionStatus = 'Running'`);
  });
});
