import { z } from 'zod';

const id = z.string().trim().min(1).max(100);
const period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month, YYYY-MM');
const unit = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('town'), townId: id }).strict(),
  z.object({ kind: z.literal('department'), departmentId: id }).strict(),
]);

export const startReviewBody = z.object({ period, unit }).strict();

export const reviewListQuery = z.object({ period: period.optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }).strict();

const signature = z.string().trim().min(1).max(50);

export const decideItemBody = z
  .object({
    decision: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('strikeOff'), resultChecked: z.boolean(), ratingChecked: z.boolean() }).strict(),
      z
        .object({
          kind: z.literal('carryOver'),
          reason: z.string().trim().min(1).max(500),
          newTargetDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'),
        })
        .strict(),
    ]),
    signature,
  })
  .strict();

export const signOffBody = z.object({ signature }).strict();

export type StartReviewBody = z.infer<typeof startReviewBody>;
export type ReviewListQuery = z.infer<typeof reviewListQuery>;
export type DecideItemBody = z.infer<typeof decideItemBody>;
export type SignOffBody = z.infer<typeof signOffBody>;
