import { z } from 'zod';

export const opsOverviewQuery = z
  .object({
    /** Deadlines falling due within this many hours from now (and those already passed) are listed. */
    withinHours: z.coerce.number().int().min(1).max(720).default(24),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

export type OpsOverviewQuery = z.infer<typeof opsOverviewQuery>;
