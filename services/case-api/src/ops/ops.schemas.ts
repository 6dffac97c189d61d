import { z } from 'zod';

export const opsOverviewQuery = z
  .object({
    /** Deadlines falling due within this many hours from now (and those already passed) are listed. */
    withinHours: z.coerce.number().int().min(1).max(720).default(24),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

export type OpsOverviewQuery = z.infer<typeof opsOverviewQuery>;

/** Parked outbox events to put back in line, by event id. */
export const retryParkedBody = z.object({ eventIds: z.array(z.string().min(1).max(300)).min(1).max(500) }).strict();

export type RetryParkedBody = z.infer<typeof retryParkedBody>;
