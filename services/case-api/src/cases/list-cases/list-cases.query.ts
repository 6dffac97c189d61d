import { z } from 'zod';
import { ledgerSorts, type LedgerFilter } from '@bishan/db';

const id = z.string().trim().min(1).max(100);
const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

/** Query string of the ledger; unknown parameters are refused so a typo never silently widens a list. */
export const ledgerQuery = z
  .object({
    level: z.enum(['village', 'town', 'district']).optional(),
    townId: id.optional(),
    villageId: id.optional(),
    departmentId: id.optional(),
    status: z
      .enum(['inLedger', 'published', 'claimed', 'handling', 'resultReported', 'awaitingRating', 'closed'])
      .optional(),
    category: z.string().trim().min(1).max(64).optional(),
    meetingId: id.optional().describe('Only the cases raised at this meeting'),
    overdue: flag.optional(),
    escalated: flag.optional(),
    concentrated: flag
      .optional()
      .describe('Only cases flagged (true) or not flagged (false) as a concentrated issue (集中突出问题)'),
    pendingExtension: flag
      .optional()
      .describe('Only cases whose extension request awaits a decision (true), or those without one (false)'),
    pendingPause: flag.optional().describe('Only cases whose pause awaits the supervising leader’s approval (true) or not (false)'),
    escalationUnseen: flag
      .optional()
      .describe('Only cases whose latest escalation nobody it went to has acknowledged yet (true) or not (false)'),
    provisionalDeadlines: flag
      .optional()
      .describe('Only cases with a deadline counted Monday–Friday past the end of the holiday data (true) or not (false)'),
    from: z.string().datetime({ offset: true }).optional(),
    to: z.string().datetime({ offset: true }).optional(),
    sort: z.enum(ledgerSorts).default('-raisedAt'),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .strict()
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), {
    message: 'from must be before to',
    path: ['from'],
  });

export type LedgerQuery = z.infer<typeof ledgerQuery>;

export function filterOf(query: LedgerQuery): LedgerFilter {
  const { from, to, sort: _sort, limit: _limit, offset: _offset, ...rest } = query;
  return { ...rest, raisedFrom: from ? new Date(from) : undefined, raisedTo: to ? new Date(to) : undefined };
}
