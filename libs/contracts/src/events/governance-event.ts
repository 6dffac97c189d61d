import { z } from 'zod';
import { mediationFollowedUpV1 } from './v1/mediation-followed-up.v1';
import { meetingDutyOverdueV1, meetingDutyReminderDueV1 } from './v1/meeting-duty-notice.v1';
import {
  ledgerItemEscalatedV1,
  ledgerReviewEscalatedV1,
  ledgerReviewOpenedV1,
  ledgerReviewReminderDueV1,
  ledgerReviewSignedOffV1,
} from './v1/ledger-review-notice.v1';
import { mediationRecordedV1 } from './v1/mediation-recorded.v1';

/**
 * Governance events: what happens around the cases rather than to one of them — mediations, meeting
 * duties, ledger reviews. They share the case topic (read together with the cases and meetings they
 * concern), keyed by their subject (a mediation, a duty, a review), whose id the envelope names.
 */
export const governanceNamespaces = ['mediation.', 'meetingDuty.', 'ledgerReview.'] as const;

export const governanceEventEnvelopeSchema = z
  .object({
    eventId: z.string().min(1).max(200),
    type: z.string().max(100),
    version: z.number().int().positive(),
    subjectId: z.string().min(1).max(200),
    occurredAt: z.string().datetime({ offset: true }),
    payload: z.unknown(),
  })
  .strict();

export type GovernanceEventEnvelope = z.infer<typeof governanceEventEnvelopeSchema>;

/** Version 1 of every governance event. */
export const governanceEventsV1 = {
  mediationRecorded: mediationRecordedV1,
  mediationFollowedUp: mediationFollowedUpV1,
  meetingDutyReminderDue: meetingDutyReminderDueV1,
  meetingDutyOverdue: meetingDutyOverdueV1,
  ledgerReviewOpened: ledgerReviewOpenedV1,
  ledgerReviewReminderDue: ledgerReviewReminderDueV1,
  ledgerReviewEscalated: ledgerReviewEscalatedV1,
  ledgerItemEscalated: ledgerItemEscalatedV1,
  ledgerReviewSignedOff: ledgerReviewSignedOffV1,
} as const;

type Definition = (typeof governanceEventsV1)[keyof typeof governanceEventsV1];

export const governanceEventDefinitions: readonly Definition[] = Object.values(governanceEventsV1);

export type GovernanceEvent = {
  [D in Definition as `${D['type']}@${D['version']}`]: Omit<GovernanceEventEnvelope, 'type' | 'version' | 'payload'> & {
    type: D['type'];
    version: D['version'];
    payload: z.infer<D['payload']>;
  };
}[`${Definition['type']}@${Definition['version']}`];

export type GovernanceEventType = GovernanceEvent['type'];

export function isGovernanceEventType(type: unknown): boolean {
  return typeof type === 'string' && governanceNamespaces.some((namespace) => type.startsWith(namespace));
}

/** Validates a governance event as it arrives from the broker: envelope first, then the versioned payload. */
export function parseGovernanceEvent(raw: unknown): { ok: true; event: GovernanceEvent } | { ok: false; error: string } {
  const envelope = governanceEventEnvelopeSchema.safeParse(raw);
  if (!envelope.success) return { ok: false, error: `invalid governance envelope: ${formatIssues(envelope.error)}` };
  const { type, version } = envelope.data;
  const definition = governanceEventDefinitions.find((d) => d.type === type && d.version === version);
  if (!definition) return { ok: false, error: `unknown event ${type}@${version}` };
  const payload = definition.payload.safeParse(envelope.data.payload);
  if (!payload.success) return { ok: false, error: `invalid ${type}@${version} payload: ${formatIssues(payload.error)}` };
  return { ok: true, event: { ...envelope.data, payload: payload.data } as GovernanceEvent };
}

/** Builds an envelope for publishing, validating the payload against its schema on the way out. */
export function createGovernanceEvent<D extends Definition>(
  definition: D,
  fields: { eventId: string; subjectId: string; occurredAt: string; payload: z.input<D['payload']> },
): GovernanceEventEnvelope {
  return {
    eventId: fields.eventId,
    type: definition.type,
    version: definition.version,
    subjectId: fields.subjectId,
    occurredAt: fields.occurredAt,
    payload: definition.payload.parse(fields.payload),
  };
}

function formatIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}
