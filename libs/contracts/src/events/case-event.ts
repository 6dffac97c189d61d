import type { z } from 'zod';
import { caseEscalatedV1 } from './case-escalated.v1';
import { caseRaisedV1 } from './case-raised.v1';
import { eventEnvelopeSchema, type EventEnvelope } from './event-envelope';

/** Every event definition we publish; a consumer that meets anything else dead-letters it. */
export const caseEventDefinitions = [caseRaisedV1, caseEscalatedV1] as const;

type Definition = (typeof caseEventDefinitions)[number];

export type CaseEvent = {
  [D in Definition as `${D['type']}@${D['version']}`]: Omit<EventEnvelope, 'type' | 'version' | 'payload'> & {
    type: D['type'];
    version: D['version'];
    payload: z.infer<D['payload']>;
  };
}[`${Definition['type']}@${Definition['version']}`];

export type ParseResult = { ok: true; event: CaseEvent } | { ok: false; error: string };

/** Validates an event as it arrives from the broker: envelope first, then the versioned payload. */
export function parseCaseEvent(raw: unknown): ParseResult {
  const envelope = eventEnvelopeSchema.safeParse(raw);
  if (!envelope.success) return { ok: false, error: `invalid envelope: ${formatIssues(envelope.error)}` };
  const { type, version } = envelope.data;
  const definition = caseEventDefinitions.find((d) => d.type === type && d.version === version);
  if (!definition) return { ok: false, error: `unknown event ${type}@${version}` };
  const payload = definition.payload.safeParse(envelope.data.payload);
  if (!payload.success) return { ok: false, error: `invalid ${type}@${version} payload: ${formatIssues(payload.error)}` };
  return { ok: true, event: { ...envelope.data, payload: payload.data } as CaseEvent };
}

/** Builds an envelope for publishing, validating the payload against its schema on the way out. */
export function createCaseEvent<D extends Definition>(
  definition: D,
  fields: { eventId: string; caseId: string; occurredAt: string; payload: z.input<D['payload']> },
): EventEnvelope {
  return {
    eventId: fields.eventId,
    type: definition.type,
    version: definition.version,
    caseId: fields.caseId,
    occurredAt: fields.occurredAt,
    payload: definition.payload.parse(fields.payload),
  };
}

function formatIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}
