// The worker bundles this file; every workflow function it exports is registered by name.
export { caseWorkflow } from './case.workflow';
export { calendarRolloutWorkflow } from './calendar-rollout.workflow';
export { concentratedIssueSweepWorkflow } from './concentrated-issue-sweep.workflow';
export { monthlyReconciliationWorkflow } from './reconciliation/monthly-reconciliation.workflow';
