import type {
  CalendarData,
  CaseDirectoryScope,
  CaseEvent,
  CaseView,
  Department,
  DirectorySlice,
} from '@bishan/domain';

/** One domain event with its position in the case's history; the event id is `${caseId}/${seq}`. */
export interface SequencedCaseEvent {
  seq: number;
  event: CaseEvent;
}

export interface RecordCaseEventsInput {
  caseId: string;
  events: SequencedCaseEvent[];
  /** The case as it stands after these events: the read model is replaced by it. */
  view: CaseView;
}

/** Signatures of the activities the case workflow calls; the worker implements them. */
export interface CaseActivities {
  /**
   * Writes the read model, the audit timeline and one outbox event per domain event, in one
   * transaction. Idempotent by (case, seq): a retry after a crash that followed the commit writes nothing.
   */
  recordCaseEvents(input: RecordCaseEventsInput): Promise<{ recorded: number }>;
  /**
   * The part of the organisation one case's rules consult (duty lists, leaders, its town), read once
   * per workflow run; without a scope, the whole directory (what runs before slices recorded).
   */
  loadDirectory(scope?: CaseDirectoryScope): Promise<DirectorySlice>;
  /** These departments in full as the organisation has them now; one that no longer exists is left out. */
  loadDepartments(ids: string[]): Promise<Department[]>;
  /** The holiday schedules loaded beyond the package's years, read once per workflow run. */
  loadWorkingCalendar(): Promise<CalendarData>;
}
