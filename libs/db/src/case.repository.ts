import { createCaseEventFromDomain, type EventEnvelope, type SequencedCaseEvent } from '@bishan/contracts';
import { normaliseCaseText, type CaseEvent, type CaseView } from '@bishan/domain';
import type { Prisma } from '@prisma/client';
import {
  chainLink,
  CHAIN_START,
  signingKeyOf,
  type AuditedFields,
  type AuditKey,
  type AuditKeyring,
  type ChainLink,
} from './audit/audit-chain';
import { outboxRowOf } from './outbox.repository';
import type { Database } from './prisma-client';
import { traceContextNow } from './trace-context';

export const caseEventId = (caseId: string, seq: number): string => `${caseId}/${seq}`;

/**
 * The case read model, its audit timeline and the outbox, always written together: a case never
 * shows a state whose events are not on their way to the broker, nor the reverse.
 */
export class CaseRepository {
  /** `audit`: the keys the timeline's chain is signed with; reading needs none, recording does. */
  constructor(
    private readonly db: Database,
    private readonly audit?: AuditKeyring,
  ) {}

  private signingKey(): AuditKey {
    if (!this.audit)
      throw new Error('recording case events needs the audit keys (CaseRepository(db, keyring))');
    return signingKeyOf(this.audit);
  }

  /**
   * Records a batch of the workflow's events. Idempotent by (case, seq): an activity retried after a
   * crash that followed the commit finds its events there and writes nothing twice. Returns how
   * many events this call recorded. `traceContext`: see CaseEventBatch.
   */
  async recordEvents(
    caseId: string,
    events: SequencedCaseEvent[],
    view: CaseView,
    traceContext = traceContextNow(),
  ): Promise<number> {
    if (events.length === 0) return 0;
    const key = this.signingKey();
    return this.db.$transaction(async (tx) => {
      const rows = new PendingRows();
      const recorded = await recordEventsIn(tx, { caseId, events, view, traceContext }, rows, key);
      await rows.writeIn(tx);
      return recorded;
    });
  }

  /**
   * Several cases' batches in one transaction, all or nothing; returns each one's count in order.
   * Used by `GroupedCaseRecorder` to commit concurrent recordings together.
   */
  async recordEventsOfMany(batches: readonly CaseEventBatch[]): Promise<number[]> {
    const key = this.signingKey();
    return this.db.$transaction(async (tx) => {
      const recorded: number[] = [];
      const rows = new PendingRows();
      for (const batch of batches) {
        // A case twice in one group (an activity retried while its first attempt still ran) must see
        // its first batch's rows before judging which of its events are new.
        if (rows.hasCase(batch.caseId)) await rows.writeIn(tx);
        recorded.push(batch.events.length === 0 ? 0 : await recordEventsIn(tx, batch, rows, key));
      }
      await rows.writeIn(tx);
      return recorded;
    });
  }

  /**
   * The case API's raise: the raising events recorded like any recording, together with the mark
   * that the case's workflow still has to be started with `input`. A retried raise (same case id)
   * records nothing again and gets back the input the first one stored, so every start of a case
   * starts the same decision. `input` null on a retry means the workflow was started already.
   */
  async recordRaise(
    caseId: string,
    events: SequencedCaseEvent[],
    view: CaseView,
    input: string,
    at: Date,
  ): Promise<{ fresh: boolean; input: string | null }> {
    const key = this.signingKey();
    const traceContext = traceContextNow();
    return this.db.$transaction(async (tx) => {
      const rows = new PendingRows();
      const recorded = await recordEventsIn(tx, { caseId, events, view, traceContext }, rows, key);
      await rows.writeIn(tx);
      if (recorded === 0) {
        const pending = await tx.pendingCaseStart.findUnique({ where: { caseId } });
        return { fresh: false, input: pending?.input ?? null };
      }
      await tx.pendingCaseStart.create({ data: { caseId, input, createdAt: at } });
      return { fresh: true, input };
    });
  }

  findById(id: string) {
    return this.db.case.findUnique({ where: { id } });
  }

  /** The sequence of the last event the read model holds for the case; 0 when it has none. */
  async lastEventSeq(id: string): Promise<number> {
    return (
      (await this.db.case.findUnique({ where: { id }, select: { lastEventSeq: true } }))?.lastEventSeq ?? 0
    );
  }

  timeline(caseId: string) {
    return this.db.caseTimelineEntry.findMany({ where: { caseId }, orderBy: { seq: 'asc' } });
  }
}

export interface CaseEventBatch {
  caseId: string;
  events: SequencedCaseEvent[];
  view: CaseView;
  /**
   * The trace of the span that asked for this recording (traceContextNow() where it was asked),
   * kept on its outbox rows; a group commit runs in the context of whichever recording came first.
   */
  traceContext?: string | null;
}

/**
 * Timeline entries and outbox rows of one transaction, written with one insert each at its end: a
 * query costs more CPU than the rows it carries, and SQLite's single writer is held meanwhile.
 */
class PendingRows {
  private timeline: (AuditedFields & ChainLink)[] = [];
  private outbox: Prisma.OutboxEventCreateManyInput[] = [];

  add(entry: AuditedFields & ChainLink, event: EventEnvelope, traceContext: string | null): void {
    this.timeline.push(entry);
    this.outbox.push(outboxRowOf(event, event.caseId, traceContext));
  }

  hasCase(caseId: string): boolean {
    return this.timeline.some((t) => t.caseId === caseId);
  }

  async writeIn(tx: Prisma.TransactionClient): Promise<void> {
    const recordedAt = new Date();
    if (this.timeline.length > 0)
      await tx.caseTimelineEntry.createMany({
        data: this.timeline.map((entry) => ({ ...entry, recordedAt })),
      });
    if (this.outbox.length > 0) await tx.outboxEvent.createMany({ data: this.outbox });
    this.timeline = [];
    this.outbox = [];
  }
}

async function recordEventsIn(
  tx: Prisma.TransactionClient,
  { caseId, events, view, traceContext = null }: CaseEventBatch,
  rows: PendingRows,
  key: AuditKey,
): Promise<number> {
  const seqs = events.map((e) => e.seq);
  const lastSeq = Math.max(...seqs);
  // The batch's events already recorded (a retried activity) and the entry before the first one,
  // which the chain links to.
  const known = await tx.caseTimelineEntry.findMany({
    where: { caseId, seq: { gte: Math.min(...seqs) - 1, lte: lastSeq } },
    select: { seq: true, hash: true },
  });
  const hashes = new Map(known.map((k) => [k.seq, k.hash]));
  const fresh = events.filter((e) => !hashes.has(e.seq)).sort((a, b) => a.seq - b.seq);
  if (fresh.length === 0) return 0;
  await upsertReadModel(tx, caseId, view, lastSeq, fresh);
  for (const { seq, event } of fresh) {
    const eventId = caseEventId(caseId, seq);
    const entry = timelineEntryOf(caseId, seq, eventId, event);
    const prevHash = seq === 1 ? CHAIN_START : hashes.get(seq - 1);
    // A hole would be written into the chain for good; failing lets the activity retry in order.
    if (prevHash === undefined)
      throw new Error(`case ${caseId}: cannot chain event ${seq}, event ${seq - 1} is not recorded`);
    const link = chainLink(entry, prevHash, key);
    hashes.set(seq, link.hash);
    rows.add(
      { ...entry, ...link },
      createCaseEventFromDomain({ caseId, eventId, domainEvent: event }),
      traceContext,
    );
  }
  return fresh.length;
}

/**
 * Writes the read model's row: created by the batch that records caseRaised, otherwise updated
 * unless a later batch got there first. `fresh` are the batch's events not recorded before: the
 * case row and the timeline commit together, so an unrecorded caseRaised means no row yet.
 */
async function upsertReadModel(
  tx: Prisma.TransactionClient,
  caseId: string,
  view: CaseView,
  lastSeq: number,
  fresh: SequencedCaseEvent[],
): Promise<void> {
  const row = readModelOf(view, lastSeq);
  const raised = fresh
    .map((e) => e.event)
    .find((e): e is Extract<CaseEvent, { type: 'caseRaised' }> => e.type === 'caseRaised');
  if (raised) {
    await tx.case.create({
      data: {
        id: caseId,
        ...row,
        description: raised.description,
        // A case closed in its first batch (resolved on the spot) is nobody's duplicate.
        duplicateKey: view.status === 'closed' ? null : normaliseCaseText(raised.description),
        channel: raised.channel,
        meetingId: raised.meetingId ?? null,
        reporterIds: JSON.stringify(raised.reporterIds),
        raisedAt: new Date(raised.at),
      },
    });
    return;
  }
  // Batches are recorded in order, but a retried older batch must not roll the view back: one
  // statement updates only a row that is behind. Nothing updated is normal for such a retry; the
  // row is looked for only then, to refuse a batch of a case that was never raised.
  const { count } = await tx.case.updateMany({
    where: { id: caseId, lastEventSeq: { lt: lastSeq } },
    // Closing is final (a reopening comes before it, never after): the key goes with it.
    data: view.status === 'closed' ? { ...row, duplicateKey: null } : row,
  });
  if (count === 0 && !(await tx.case.findUnique({ where: { id: caseId }, select: { id: true } }))) {
    throw new Error(`case ${caseId}: the first recorded batch must contain caseRaised`);
  }
}

/**
 * Departments that work on the case beside its lead, and so see it: the co-handlers a department
 * claim names (a return or a handler at another level clears them), and every department given a
 * joint task (联合办理), which keeps seeing the case it reported on.
 */
function coHandlerIdsOf(view: CaseView): string[] {
  const coHandlers = view.handler?.level === 'district' ? view.handler.coHandlingDepartmentIds : [];
  const taskDepartments = (view.jointTasks ?? [])
    .filter((t) => t.unit.level === 'district')
    .map((t) => t.unit.unitId);
  return [...new Set([...coHandlers, ...taskDepartments])];
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
    coHandlerIds: JSON.stringify(coHandlerIdsOf(view)),
    escalationLevel: view.escalationLevel,
    overdue: view.overdue,
    concentrated: view.concentrated,
    pendingExtension: view.pendingExtension !== null,
    pendingPause: view.pendingPause !== null,
    openInstructions: view.instructions.length,
    escalationUnseen: view.escalation !== null && view.escalation.acknowledged === undefined,
    provisionalDeadlines: view.provisionalDeadlines,
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
