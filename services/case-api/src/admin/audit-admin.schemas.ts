import { z } from 'zod';

export const verifyAllQuery = z
  .object({ batchSize: z.coerce.number().int().min(1).max(1000).default(100) })
  .strict();

export type VerifyAllQuery = z.infer<typeof verifyAllQuery>;

export const adminChainQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).default(100),
    /** Continues a listing: entries before this seq. */
    beforeSeq: z.coerce.number().int().min(1).optional(),
  })
  .strict();

export type AdminChainQuery = z.infer<typeof adminChainQuery>;
