import { createCaseEventFromDomain, topics, type EventEnvelope, type SequencedCaseEvent } from '@bishan/contracts';
import type { CaseEvent, CaseView } from '@bishan/domain';
import type { Prisma } from '@prisma/client';
import { chainLink, CHAIN_START, type AuditedFields } from './audit/audit-chain';
import type { Database } from './prisma-client';

export const caseEventId = (caseId: string, seq: number): string => `${caseId}/${seq}`;

/**
 * The case read model, its audit timeline and the outbox, always written together: a case never
 * shows a state whose events are not on their way to the broker, nor the reverse.
 */
export class CaseRepository {
  constructor(private readonly db: Database) {}

  /**
   * Records a batch of the workflow's events. Idempotent by (case, seq): an activity retried after a
   * crash that followed the commit finds its events there and writes nothing twice. Returns how
   * many events this call recorded.
   */
  async recordEvents(caseId: string, events: SequencedCaseEvent[], view: CaseView): Promise<number> {
    if (events.length === 0) return 0;
    return this.db.$transaction((tx) => recordEventsIn(tx, { caseId, events, view }));
  }

  /**
   * Several cases' batches in one transaction, all or nothing; returns each one's count in order.
   * Used by `GroupedCaseRecorder` to commit concurrent recordings together.
   */
  async recordEventsOfMany(batches: readonly CaseEventBatch[]): Promise<number[]> {
    return this.db.$transaction(async (tx) => {
      const recorded: number[] = [];
      for (const batch of batches) recorded.push(batch.events.length === 0 ? 0 : await recordEventsIn(tx, batch));
      return recorded;
    });
  }

  findById(id: string) {
    return this.db.case.findUnique({ where: { id } });
  }

  timeline(caseId: string) {
    return this.db.caseTimelineEntry.findMany({ where: { caseId }, orderBy: { seq: 'asc' } });
  }
}

export interface CaseEventBatch {
  caseId: string;
  events: SequencedCaseEvent[];
  view: CaseView;
}

async function recordEventsIn(tx: Prisma.TransactionClient, { caseId, events, view }: CaseEventBatch): Promise<number> {
  const known = await tx.caseTimelineEntry.findMany({
    where: { caseId, seq: { in: events.map((e) => e.seq) } },
    select: { seq: true },
  });
  const knownSeqs = new Set(known.map((k) => k.seq));
  const fresh = events.filter((e) => !knownSeqs.has(e.seq));
  if (fresh.length === 0) return 0;
  const lastSeq = Math.max(...events.map((e) => e.seq));
  await upsertReadModel(tx, caseId, view, lastSeq, events);
  for (const { seq, event } of fresh) {
    const eventId = caseEventId(caseId, seq);
    await appendToTimeline(tx, timelineEntryOf(caseId, seq, eventId, event));
    await appendToOutbox(tx, createCaseEventFromDomain({ caseId, eventId, domainEvent: event }));
  }
  return fresh.length;
}

async function upsertReadModel(
  tx: Prisma.TransactionClient,
  caseId: string,
  view: CaseView,
  lastSeq: number,
  events: SequencedCaseEvent[],
): Promise<void> {
  const row = readModelOf(view, lastSeq);
  const existing = await tx.case.findUnique({ where: { id: caseId }, select: { lastEventSeq: true } });
  if (!existing) {
    const raised = events.map((e) => e.event).find((e): e is Extract<CaseEvent, { type: 'caseRaised' }> => e.type === 'caseRaised');
    if (!raised) throw new Error(`case ${caseId}: the first recorded batch must contain caseRaised`);
    await tx.case.create({
      data: {
        id: caseId,
        ...row,
        description: raised.description,
        channel: raised.channel,
        meetingId: raised.meetingId ?? null,
        reporterIds: JSON.stringify(raised.reporterIds),
        raisedAt: new Date(raised.at),
      },
    });
    return;
  }
  // Batches are recorded in order, but a retried older batch must not roll the view back.
  if (existing.lastEventSeq < lastSeq) await tx.case.update({ where: { id: caseId }, data: row });
}

function readModelOf(view: CaseView, lastSeq: number) {
  return {
    category: view.category,
    complexity: view.complexity,
    townId: view.location.townId,
    villageId: view.location.villageId,
    courtyardId: view.location.courtyardId ?? null,
    status: view.status,
    policyVersion: view.policyVersion,
    handlerLevel: view.handler?.level ?? null,
    handlerUnitId: view.handler?.unitId ?? null,
    // Only a department claim names co-handlers; a return or a handler at another level clears them.
    coHandlerIds: JSON.stringify(view.handler?.level === 'district' ? view.handler.coHandlingDepartmentIds : []),
    escalationLevel: view.escalationLevel,
    overdue: view.overdue,
    concentrated: view.concentrated,
    pendingExtension: view.pendingExtension !== null,
    paused: view.paused !== null,
    resolvedOnSpot: view.resolvedOnSpot,
    nextDeadlineAt: view.nextDeadline ? new Date(view.nextDeadline.dueAt) : null,
    nextDeadlineKind: view.nextDeadline?.kind ?? null,
    reopenCount: view.reopenCount,
    rating: view.rating,
    closure: view.closure,
    closedAt: view.closedAt ? new Date(view.closedAt) : null,
    lastEventSeq: lastSeq,
    view: JSON.stringify(view),
  };
}

function timelineEntryOf(caseId: string, seq: number, eventId: string, event: CaseEvent): AuditedFields {
  return {
    caseId,
    seq,
    eventId,
    type: event.type,
    at: new Date(event.at),
    actorId: event.actor.id,
    actorRole: event.actor.role,
    deadlineId: 'deadlineId' in event ? (event.deadlineId ?? null) : null,
    data: JSON.stringify(event),
  };
}

/** Links the entry to its predecessor, read in this transaction: it may be one this batch just wrote. */
async function appendToTimeline(tx: Prisma.TransactionClient, entry: AuditedFields): Promise<void> {
  const link = chainLink(entry, await previousHash(tx, entry));
  await tx.caseTimelineEntry.create({ data: { ...entry, ...link, recordedAt: new Date() } });
}

async function previousHash(tx: Prisma.TransactionClient, { caseId, seq }: AuditedFields): Promise<string> {
  if (seq === 1) return CHAIN_START;
  const previous = await tx.caseTimelineEntry.findUnique({
    where: { caseId_seq: { caseId, seq: seq - 1 } },
    select: { hash: true },
  });
  // A hole would be written into the chain for good; failing lets the activity retry in order.
  if (!previous) throw new Error(`case ${caseId}: cannot chain event ${seq}, event ${seq - 1} is not recorded`);
  return previous.hash;
}

async function appendToOutbox(tx: Prisma.TransactionClient, event: EventEnvelope): Promise<void> {
  await tx.outboxEvent.create({
    data: {
      eventId: event.eventId,
      topic: topics.caseEvents,
      key: event.caseId,
      type: event.type,
      version: event.version,
      payload: JSON.stringify(event),
      occurredAt: new Date(event.occurredAt),
    },
  });
}
