import { z } from 'zod';

export const caseRaisedV1 = {
  type: 'case.raised',
  version: 1,
  payload: z
    .object({
      category: z.string(),
      description: z.string(),
      townId: z.string().nullable(),
      villageId: z.string().nullable(),
      claimDeadlineAt: z.string().datetime({ offset: true }),
    })
    .strict(),
} as const;

export type CaseRaisedV1 = z.infer<typeof caseRaisedV1.payload>;
