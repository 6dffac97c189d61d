import { z } from 'zod';

export const caseEscalatedV1 = {
  type: 'case.escalated',
  version: 1,
  payload: z
    .object({
      step: z.number().int().positive(),
      reason: z.string(),
      escalatedTo: z.string(),
      deadlineAt: z.string().datetime({ offset: true }),
    })
    .strict(),
} as const;

export type CaseEscalatedV1 = z.infer<typeof caseEscalatedV1.payload>;
