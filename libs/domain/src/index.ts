export { type Actor, type Role, hasRole, roles, systemActor } from './actor';
export {
  type CalendarSpec,
  type WorkingCalendar,
  calendarOf,
  chinaMainlandCalendar,
  compressedCalendar,
} from './calendar/calendars';
export {
  type CalendarCoverage,
  type CalendarData,
  calendarCoverage,
  calendarDataVersion,
  calendarWarningDays,
  coveredThrough,
  holidayPackage,
  latestRevisions,
  packageCalendarData,
  packageYears,
} from './calendar/holiday-data';
export {
  type HolidayPeriod,
  type HolidaySchedule,
  type LoadedHolidaySchedule,
  type ScheduleProblem,
  type ScheduleProblemCode,
  isRealDate,
  scheduleYears,
  validateHolidaySchedule,
} from './calendar/holiday-schedule';
export { actsForUnit, checkRoleFor, commandRoles, isSupervisingLeader } from './case/case-access';
export {
  type ActionContext,
  type CaseActionType,
  type CaseFacts,
  type PreconditionContext,
  availableActions,
  caseActionTypes,
  caseFactsOfView,
  checkAction,
} from './case/case-actions';
export type * from './case/case-commands';
export {
  type Decision,
  type FieldProblem,
  type FieldRule,
  type Rejection,
  type RejectionCode,
} from './case/case-decision';
export { type DecideContext, decide } from './case/case-decide';
export type * from './case/case-events';
export { evolve, evolveAll } from './case/case-evolve';
export { type Outcome, execute } from './case/case-loop';
export {
  type BreachRule,
  type CasePolicy,
  type CaseWaitKind,
  type Complexity,
  type EscalationStepRule,
  type EscalationTarget,
  type PauseReason,
  type PolicyRegistry,
  type RemindedDeadlineKind,
  type WatchedDeadlineKind,
  currentPolicy,
  versionBeforePinnedStarts,
  watchedDeadlineKinds,
  demonstrationPolicies,
  findPolicy,
  getPolicy,
  latestPolicy,
  partWaitRules,
  pauseReasons,
  policyKindOf,
  policyVersions,
  registeredPolicies,
} from './case/case-policy';
export type * from './case/case-state';
export {
  escalationTriggers,
  initialState,
  isRaised,
  openCaseStatuses,
  withCurrentFields,
} from './case/case-state';
export { type CaseView, type DeadlineView, describeCase } from './case/case-view';
export {
  type Cluster,
  type ClusterThresholds,
  type OpenCaseSummary,
  detectClusters,
} from './case/cluster-detector';
export {
  type DuplicateCandidate,
  type DuplicateProbe,
  type LikelyDuplicate,
  type LikelyDuplicateSearch,
  findLikelyDuplicates,
  likelyDuplicateSearch,
  likelyDuplicateWindowDays,
  likelyDuplicatesNamed,
  matchesLikelyDuplicateSearch,
  normaliseCaseText,
} from './case/duplicate-cases';
export {
  type DeadlineKind,
  type PendingDeadline,
  type PrimaryDeadlineKind,
  type ScheduleChange,
  isProvisional,
  nextDeadline,
  runningDeadlines,
  watchedKindOf,
} from './case/deadline';
export {
  type Department,
  type Directory,
  type Town,
  bestMatchingDepartment,
  coversCategory,
  departmentsCovering,
} from './organisation/duty-list';
export { type Instant, toEpochMs, toIso } from './instant';
export {
  type CloseMeeting,
  type Meeting,
  type MeetingAttendance,
  type MeetingContext,
  type MeetingConvener,
  type MeetingDecision,
  type MeetingFigures,
  type MeetingLevel,
  type MeetingMode,
  type MeetingPlace,
  type MeetingResult,
  type MeetingStatus,
  type MeetingTopic,
  type OpenMeeting,
  type RecordAttendance,
  canRaiseCaseAt,
  checkMeetingReader,
  closeMeeting,
  convenerRoles,
  lateEntryWindowMs,
  meetingFigures,
  meetingLevels,
  meetingModes,
  meetingTopics,
  openMeeting,
  recordAttendance,
} from './meeting/meeting';
export { type CalendarDate, shanghaiDateOf } from './calendar/shanghai-time';
export {
  type WorkingClock,
  addCalendarDays,
  addWorkingDays,
  addWorkingTime,
  deadlineFractionPoint,
  isWorkingDay,
  packageClock,
  workingClock,
  workingDaysBetween,
  workingTimeBetween,
} from './calendar/working-clock';
export {
  type MismatchKind,
  type ReconciledCaseSide,
  type ReconciliationMismatch,
  type ReconciliationMonth,
  type ResponsibleParties,
  type SignOffDecision,
  type SignOffRefusal,
  type SignOffRole,
  type SignOffSlot,
  compareCase,
  decideSignOff,
  isReconciliationMonth,
  previousShanghaiMonth,
  requiredSignOffs,
  shanghaiMonthRange,
  signOffSlotKey,
  signOffsShown,
} from './reconciliation/reconciliation';
export * from './kpi';
export {
  type PolicyChange,
  type PolicyProblem,
  type PolicyProblemCode,
  diffPolicies,
  validateCasePolicy,
} from './policy/policy-validation';
export {
  type RecordedCase,
  type RecordedCommand,
  type RefusedCommand,
  type SimulatedCase,
  type WhatIfContext,
  type WhatIfFigures,
  type WhatIfReport,
  type WhatIfSide,
  commandsOf,
  emptyReport,
  mergeReports,
  simulateCase,
  whatIf,
} from './policy/what-if';
export * from './organisation';
// Governance beyond one case (issue 17): each concept in its own folder with its own index.
export * from './governance';
export * from './mediation';
export * from './meeting-duties';
export * from './publication';
export * from './ledger-review';
// Case policies as data: which stored version is in force, naming and publishing drafts.
export * from './policy-versions';
export {
  type CaseDirectoryScope,
  type DirectorySlice,
  departmentsNamed,
  directoryFor,
  directoryOfSlice,
  loadsBefore,
  sliceDirectory,
  withDepartmentsLoaded,
} from './case/case-directory';
