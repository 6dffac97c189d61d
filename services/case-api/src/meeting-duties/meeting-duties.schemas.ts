import { z } from 'zod';
import { meetingLevels } from '@bishan/domain';

const id = z.string().trim().min(1).max(100);

export const dutiesQuery = z
  .object({
    /** A half-year, 'YYYY-H1' or 'YYYY-H2' (the current one by default); year duties are judged with it. */
    period: z.string().regex(/^\d{4}-H[12]$/, 'must be a half-year, YYYY-H1 or YYYY-H2').optional(),
    townId: id.optional(),
    villageId: id.optional(),
    level: z.enum(meetingLevels).optional(),
    status: z.enum(['done', 'due', 'overdue']).optional(),
    /** Only the duties I hold. */
    mine: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  })
  .strict();

export const reminderRunBody = z
  .object({
    /** The instant the run judges the duties at (default: now); for catching up on missed days. */
    asOf: z.string().datetime({ offset: true }).optional(),
  })
  .strict();

export type DutiesQuery = z.infer<typeof dutiesQuery>;
export type ReminderRunBody = z.infer<typeof reminderRunBody>;
