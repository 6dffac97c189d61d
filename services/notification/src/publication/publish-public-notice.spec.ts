import { createCaseEvent, caseAssignedV1, casePublishedV1, caseClosedV1, caseResolvedOnSpotV1, handlingPlanSubmittedV1, parseCaseEvent, resultReportedV1, type CaseEvent } from '@bishan/contracts';
import { bishanOrganisation } from '@bishan/db';
import { publishedStepOf } from './publish-public-notice';

const org = bishanOrganisation();
const at = '2026-12-04T02:00:00.000Z';
const actor = { id: 'laifeng-secretary', role: 'town-triage' as const, townId: 'laifeng' };
const supervision = { level: 'town' as const, leaderIds: ['laifeng-head'], since: at };

function event(definition: Parameters<typeof createCaseEvent>[0], payload: object): CaseEvent {
  const parsed = parseCaseEvent(createCaseEvent(definition, { eventId: 'c1/2', caseId: 'c1', occurredAt: at, payload: { at, actor, ...payload } as never }));
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.event;
}

describe('what residents are told of a case', () => {
  it('tells the triage result by unit name, the plan by department, the result; nothing else', () => {
    expect(publishedStepOf(event(caseAssignedV1, { level: 'village', unitId: 'dengfeng', dueAt: at, supervision, note: '内部备注' }), org)).toEqual({
      step: 'triaged',
      route: 'village',
      unitName: '登凤村',
    });
    expect(publishedStepOf(event(casePublishedV1, { claimDueAt: at, note: '内部备注' }), org)).toEqual({ step: 'triaged', route: 'district', unitName: '' });
    expect(
      publishedStepOf(
        event(handlingPlanSubmittedV1, { plan: '规整线路', responsibility: { departmentId: 'power-supply', unit: '运维班', personName: '王强' }, late: false }),
        org,
      ),
    ).toEqual({ step: 'planned', departmentName: org.departments.find((d) => d.id === 'power-supply')?.name, plan: '规整线路', dueDate: null });
    expect(publishedStepOf(event(resultReportedV1, { summary: '已规整', overdue: false, feedbackDueAt: at }), org)).toEqual({ step: 'resulted', summary: '已规整' });
    expect(publishedStepOf(event(caseResolvedOnSpotV1, { summary: '当场修好' }), org)).toEqual({ step: 'resulted', summary: '当场修好' });
    expect(publishedStepOf(event(caseClosedV1, { closure: 'satisfied' }), org)).toBeNull();
  });
});
