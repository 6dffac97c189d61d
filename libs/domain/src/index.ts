export { type Actor, type Role, hasRole, roles, systemActor } from './actor';
export { type CalendarSpec, type WorkingCalendar, calendarOf, chinaMainlandCalendar, compressedCalendar } from './calendars';
export { commandRoles } from './case-access';
export type * from './case-commands';
export { type Decision, type Rejection, type RejectionCode } from './case-decision';
export { type DecideContext, decide } from './case-decide';
export type * from './case-events';
export { evolve, evolveAll } from './case-evolve';
export { type Outcome, execute } from './case-loop';
export {
  type CasePolicy,
  type Complexity,
  type EscalationStepRule,
  type EscalationTarget,
  type PauseReason,
  type PolicyRegistry,
  type RemindedDeadlineKind,
  currentPolicy,
  demonstrationPolicies,
  findPolicy,
  getPolicy,
  latestPolicy,
  pauseReasons,
  policyVersions,
  registeredPolicies,
} from './case-policy';
export type * from './case-state';
export { initialState, isRaised } from './case-state';
export { type CaseView, type DeadlineView, describeCase } from './case-view';
export { type Cluster, type ClusterThresholds, type OpenCaseSummary, detectClusters } from './cluster-detector';
export {
  type DuplicateCandidate,
  type DuplicateProbe,
  type LikelyDuplicate,
  findLikelyDuplicates,
  likelyDuplicateWindowDays,
  normaliseCaseText,
} from './duplicate-cases';
export {
  type DeadlineKind,
  type PendingDeadline,
  type PrimaryDeadlineKind,
  type ScheduleChange,
  nextDeadline,
  runningDeadlines,
} from './deadline';
export {
  type Department,
  type Directory,
  type Town,
  bestMatchingDepartment,
  coversCategory,
  departmentsCovering,
} from './duty-list';
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
  closeMeeting,
  convenerRoles,
  lateEntryWindowMs,
  meetingFigures,
  meetingLevels,
  meetingModes,
  meetingTopics,
  openMeeting,
  recordAttendance,
} from './meeting';
export { type CalendarDate, shanghaiDateOf } from './shanghai-time';
export {
  addCalendarDays,
  addWorkingDays,
  addWorkingTime,
  deadlineFractionPoint,
  holidayDataYears,
  isWorkingDay,
  workingDaysBetween,
  workingTimeBetween,
} from './working-calendar';
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
} from './reconciliation';
export * from './kpi';
