import { z } from 'zod';

// A year's schedule as the State Council's notice gives it. Shapes here; whether the dates make a
// valid year (inside it, no overlaps, adjusted days on weekends…) is the domain's validation.

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

export const holidayScheduleBody = z
  .object({
    year: z.number().int(),
    holidays: z
      .array(z.object({ name: z.string().trim().min(1).max(50), from: date, to: date }).strict())
      .min(1)
      .max(40),
    adjustedWorkingDays: z.array(date).max(30),
    source: z.object({ title: z.string().trim().min(1).max(200), publishedOn: date }).strict(),
  })
  .strict();

export type HolidayScheduleBody = z.infer<typeof holidayScheduleBody>;
