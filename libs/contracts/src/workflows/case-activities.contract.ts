/** Signatures of the activities the case workflow calls; the worker implements them. */
export interface RecordEscalationInput {
  caseId: string;
  step: number;
  reason: string;
  escalatedTo: string;
  /** The deadline whose breach caused this escalation (ISO). */
  deadlineAt: string;
  /** Workflow time when the breach was seen (ISO); keeps the event's timestamp deterministic. */
  occurredAt: string;
}

export interface CaseActivities {
  recordEscalation(input: RecordEscalationInput): Promise<{ recorded: boolean }>;
}
