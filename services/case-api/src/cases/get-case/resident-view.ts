import type { Actor } from '@bishan/domain';

/**
 * What a resident sees of their own case: where it stands, who (which unit) handles it and what
 * they were told. Never staff ids, internal notes (triage notes, return, transfer and extension
 * reasons, handling plans and who is responsible, pause notes) or the other reporters. An
 * allow-list: a field added to the read model stays internal until it is added here.
 */
export function residentCaseView(
  row: {
    id: string;
    category: string;
    description: string;
    channel: string;
    townId: string;
    villageId: string;
    courtyardId: string | null;
    status: string;
    handlerLevel: string | null;
    handlerUnitId: string | null;
    overdue: boolean;
    resolvedOnSpot: boolean;
    nextDeadlineAt: Date | null;
    rating: string | null;
    closure: string | null;
    raisedAt: Date;
    closedAt: Date | null;
    updatedAt: Date;
  },
  resident: Actor,
) {
  return {
    id: row.id,
    category: row.category,
    description: row.description,
    channel: row.channel,
    townId: row.townId,
    villageId: row.villageId,
    courtyardId: row.courtyardId,
    status: row.status,
    // The unit (village, town or department), never a person.
    handlerLevel: row.handlerLevel,
    handlerUnitId: row.handlerUnitId,
    overdue: row.overdue,
    resolvedOnSpot: row.resolvedOnSpot,
    nextDeadlineAt: row.nextDeadlineAt,
    rating: row.rating,
    closure: row.closure,
    raisedAt: row.raisedAt,
    closedAt: row.closedAt,
    updatedAt: row.updatedAt,
    reporterIds: [resident.id],
  };
}

/** Texts meant for the residents: the result, what their village or town told them, their own rating. */
const publicText: Readonly<Record<string, readonly string[]>> = {
  caseResolvedOnSpot: ['summary'],
  resultReported: ['summary'],
  feedbackGiven: ['note'],
  caseRated: ['rating', 'comment'],
};

/** A resident's timeline: what happened and when, by which role; the resident's own acts marked as theirs. */
export function residentTimeline(
  entries: readonly { seq: number; type: string; at: Date; actorId: string; actorRole: string; data: string }[],
  resident: Actor,
) {
  return entries.map((entry) => {
    const event = JSON.parse(entry.data) as Record<string, unknown>;
    const shown = Object.fromEntries((publicText[entry.type] ?? []).filter((field) => field in event).map((field) => [field, event[field]]));
    return {
      seq: entry.seq,
      type: entry.type,
      at: entry.at,
      actorRole: entry.actorRole,
      byMe: entry.actorId === resident.id,
      ...shown,
    };
  });
}
