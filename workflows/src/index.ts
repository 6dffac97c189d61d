// The worker bundles this file; every workflow function it exports is registered by name.
export { caseWorkflow } from './case.workflow';
export { calendarRolloutWorkflow } from './calendar-rollout.workflow';
export { concentratedIssueSweepWorkflow } from './concentrated-issue-sweep.workflow';
export { monthlyReconciliationWorkflow } from './reconciliation/monthly-reconciliation.workflow';
export { meetingDutyRemindersWorkflow } from './meeting-duties/meeting-duty-reminders.workflow';
export { policyWhatIfWorkflow } from './policy-what-if.workflow';
export { ledgerReviewRoundWorkflow, ledgerReviewWorkflow } from './ledger-review/ledger-review.workflow';
