import { z } from 'zod';
import { isReconciliationMonth } from '@bishan/domain';

const month = z.string().refine(isReconciliationMonth, 'must be a month as YYYY-MM');

export const listReconciliationsQuery = z.object({ month: month.optional() }).strict();
export type ListReconciliationsQuery = z.infer<typeof listReconciliationsQuery>;

export const startReconciliationBody = z.object({ month }).strict();
export type StartReconciliationBody = z.infer<typeof startReconciliationBody>;

export const signOffBody = z
  .object({
    slot: z.string().regex(/^(department|unit|person):[\w.-]{1,100}$/, "must be 'department:<id>', 'unit:<town id>' or 'person:<id>'"),
    note: z.string().trim().min(1).max(500).optional(),
  })
  .strict();
export type SignOffBody = z.infer<typeof signOffBody>;

export const monthParam = month;
