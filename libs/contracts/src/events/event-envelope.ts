import { z } from 'zod';

/**
 * Every event on `case.events.v1` is one envelope. `eventId` is stable across retries of the step
 * that produced it, so consumers deduplicate by it; `type` + `version` select the payload schema.
 */
export const eventEnvelopeSchema = z
  .object({
    eventId: z.string().min(1).max(200),
    type: z.string().min(1).max(100),
    version: z.number().int().positive(),
    caseId: z.string().min(1).max(100),
    occurredAt: z.string().datetime({ offset: true }),
    payload: z.unknown(),
  })
  .strict();

export type EventEnvelope = z.infer<typeof eventEnvelopeSchema>;
