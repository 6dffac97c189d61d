import { describeCase, initialState, type CaseState, type CaseView } from '@bishan/domain';
// The domain's own spec fixture: a small organisation and cases at known steps of the loop.
import { T0, handlingCase, publishedCase, raiseCommand, run } from '../../../domain/src/test-support/org-fixture';
import {
  caseSearchAttributesAtStart,
  caseSearchAttributeUpdates,
  caseSearchAttributeValues,
  shownCaseSearchAttributes,
} from './case-search-attributes';
import { TypedSearchAttributes } from '@temporalio/common';

const viewOf = (state: CaseState): CaseView => describeCase(state) as CaseView;
const names = (updates: readonly { key: { name: string } }[]) => updates.map((u) => u.key.name);

describe('case search attributes', () => {
  it('show the status, town, lead department, escalation, overdue, concentrated and policy of a case', () => {
    const view = viewOf(handlingCase());
    expect(caseSearchAttributeValues(view)).toEqual({
      CaseStatus: view.status,
      CaseTown: 'laifeng',
      CaseHandlingDepartment: 'urban-management',
      CaseEscalationLevel: 0,
      CaseOverdue: false,
      CaseConcentrated: false,
      CasePolicyVersion: view.policyVersion,
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

  it('upsert only what changed: a claim changes the status and names the department', () => {
    const { shown } = caseSearchAttributeUpdates({}, viewOf(publishedCase()));
    const { updates } = caseSearchAttributeUpdates(shown, viewOf(handlingCase()));
    expect(updates.map((u) => [u.key.name, u.value])).toEqual([
      ['CaseStatus', viewOf(handlingCase()).status],
      ['CaseHandlingDepartment', 'urban-management'],
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
});
