import { z } from 'zod';
import { kpiDimensions, periodGranularities } from '@bishan/domain';

const calendarDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a Shanghai calendar day, YYYY-MM-DD')
  .refine(
    (day) =>
      !Number.isNaN(Date.parse(`${day}T00:00:00+08:00`)) &&
      new Date(`${day}T00:00:00Z`).toISOString().startsWith(day),
    'not a real calendar day',
  );
const value = z.string().trim().min(1).max(100);

/** The KPI query: a period range in Asia/Shanghai days, how to cut it, how to group, what to keep. */
export const kpiQuery = z
  .object({
    from: calendarDay.describe('first day (inclusive), Asia/Shanghai'),
    to: calendarDay.describe('day after the last (exclusive), Asia/Shanghai'),
    granularity: z
      .enum(periodGranularities)
      .default('month')
      .describe('month, quarter, year, or range (one row for the whole range)'),
    groupBy: z.enum(kpiDimensions).optional(),
    level: value.optional(),
    town: value.optional(),
    village: value.optional(),
    department: value.optional(),
    localUnit: value.optional().describe('a village or town that handled cases itself: village:<id> or town:<id>'),
    leader: value.optional(),
    category: value.optional(),
  })
  .strict()
  .superRefine((q, ctx) => {
    if (q.from >= q.to)
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['to'], message: `must be after from (${q.from})` });
  });

export type KpiQueryParams = z.infer<typeof kpiQuery>;
