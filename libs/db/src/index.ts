export { createDatabase, type Database, type DatabaseOptions } from './prisma-client';
export { QUERY_TALLY_DIR, type QueryTally } from './query-tally';
export { CaseRepository, caseEventId, type CaseEventBatch } from './case.repository';
export { GroupedCaseRecorder } from './grouped-case-recorder';
export {
  HolidayScheduleRepository,
  type StoredHolidaySchedule,
} from './calendar/holiday-schedule.repository';
export {
  CaseLedgerRepository,
  ledgerColumnNames,
  ledgerSorts,
  type CaseVisibility,
  type LedgerFilter,
  type LedgerRow,
  type LedgerSort,
  type VisibilityGrant,
  visibleCaseIds,
} from './case-ledger.repository';
export { caseVisibilityOf } from './case-visibility';
export {
  FailingActivityRepository,
  type ActivityFailure,
  type FailingActivityRow,
} from './failing-activity.repository';
export { IdempotencyRepository, type IdempotencyClaim } from './idempotency.repository';
export { MeetingRepository, type ClosedMeeting, type MeetingFilter } from './meeting.repository';
export { MediationRepository, type MediationFilter } from './mediation/mediation.repository';
export { KeyHouseholdRepository, type KeyHouseholdFilter } from './meeting-duties/key-household.repository';
export { MeetingDutyNoticeRepository } from './meeting-duties/meeting-duty-notices.repository';
export { PublicNoticeRepository, type PublicNoticeRow } from './publication/public-notice.repository';
export {
  LedgerReviewRepository,
  type LedgerReviewLine,
  type LedgerReviewRow,
} from './ledger-review/ledger-review.repository';
export { OpenCasesRepository, type OpenCaseRow } from './open-cases.repository';
export { OutboxRepository, type ParkedOutboxEvent, type PendingOutboxEvent } from './outbox.repository';
export {
  OUTBOX_COMMIT_CHANNEL,
  OutboxCommitListener,
  outboxCommitListenerFor,
  type ListenConnection,
  type OutboxCommitListenerOptions,
} from './outbox-commit-listener';
export { traceContextNow } from './trace-context';
export { PendingCaseStartRepository, type PendingCaseStartRow, type WaitingCaseStart } from './pending-case-start.repository';
export {
  ProcessedEventRepository,
  type BatchLookup,
  type ProcessedEvents,
} from './processed-event.repository';
export type { Prisma } from '@prisma/client';
export * from './organisation';
export {
  AuditChainVerifier,
  type AuditChainSummary,
  type AuditProgress,
  type BrokenChain,
  type CaseChainReport,
  type ChainBreak,
  type ChainBreakReason,
  type VerifyAllOptions,
} from './audit/audit-chain.verifier';
export { keyedAdminAuditHash, keyedAuditHash, type AuditKey, type AuditKeyring } from './audit/audit-chain';
export {
  AdminAuditLog,
  type AdminAuditDraft,
  type AdminAuditEntry,
  type AdminChainReport,
} from './audit/admin-audit';
export {
  AUDIT_ANCHOR_TOPIC,
  AuditAnchoring,
  readAnchors,
  type AnchoringOptions,
  type AnchorSet,
  type AnchorSummary,
} from './audit/audit-anchors';
export {
  ReconciliationRepository,
  SnapshotConflictError,
  snapshotContentHash,
  type LedgerCaseRow,
  type StoredMismatch,
  type StoredSignOff,
} from './reconciliation.repository';
export * from './policies';
export { isUniqueViolation } from './unique-violation';
