import { z } from 'zod';

/** What a resident or meeting staff sends to raise a case. Unknown fields are refused. */
export const raiseCaseCommand = z
  .object({
    category: z.string().trim().min(1).max(64),
    description: z.string().min(1).max(4000),
    townId: z.string().min(1).max(64).optional(),
    villageId: z.string().min(1).max(64).optional(),
  })
  .strict();

export type RaiseCaseCommand = z.infer<typeof raiseCaseCommand>;
