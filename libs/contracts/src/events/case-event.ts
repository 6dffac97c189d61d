import type { CaseEvent as DomainCaseEvent } from '@bishan/domain';
import type { z } from 'zod';
import { eventEnvelopeSchema, type EventEnvelope } from './event-envelope';
import { caseEventsV1 } from './v1';

/**
 * The version each domain event is published as. When a v2 of an event appears it replaces the v1
 * here, while the v1 stays in `caseEventDefinitions` so messages already on the topic still parse.
 */
const publishedDefinitions = caseEventsV1;

type Definition = (typeof caseEventsV1)[keyof typeof caseEventsV1];

/** Every event definition we publish; a consumer that meets anything else dead-letters it. */
export const caseEventDefinitions: readonly Definition[] = Object.values(caseEventsV1);

export type CaseEventDefinition = Definition;

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
  if (!payload.success)
    return { ok: false, error: `invalid ${type}@${version} payload: ${formatIssues(payload.error)}` };
  return { ok: true, event: { ...envelope.data, payload: payload.data } as CaseEvent };
}

/** Builds an envelope for publishing, validating the payload against its schema on the way out. */
export function createCaseEvent<D extends Definition>(
  definition: D,
  fields: { eventId: string; caseId: string; occurredAt: string; payload: z.input<D['payload']> },
): EventEnvelope {
  return envelopeOf(definition, fields);
}

/**
 * Publishes a domain event as it was decided: the payload is the event minus its `type`, and the
 * envelope's time is the event's own, so a retried publish carries the same instant.
 */
export function createCaseEventFromDomain(fields: {
  caseId: string;
  eventId: string;
  domainEvent: DomainCaseEvent;
}): EventEnvelope {
  const { type, ...payload } = fields.domainEvent;
  return envelopeOf(publishedDefinitions[type], {
    eventId: fields.eventId,
    caseId: fields.caseId,
    occurredAt: fields.domainEvent.at,
    payload,
  });
}

// Not generic: the domain event's type picks the definition at run time, which the compiler cannot
// correlate with the payload; the schema check below is what holds them together.
function envelopeOf(
  definition: Definition,
  fields: { eventId: string; caseId: string; occurredAt: string; payload: unknown },
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
