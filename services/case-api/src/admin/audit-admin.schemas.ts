import { z } from 'zod';

export const verifyAllQuery = z
  .object({ batchSize: z.coerce.number().int().min(1).max(1000).default(100) })
  .strict();

export type VerifyAllQuery = z.infer<typeof verifyAllQuery>;
