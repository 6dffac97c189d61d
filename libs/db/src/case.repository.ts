import type { EventEnvelope } from '@bishan/contracts';
import { topics } from '@bishan/contracts';
import type { Prisma } from '@prisma/client';
import type { Database } from './prisma-client';

export interface NewCase {
  id: string;
  category: string;
  description: string;
  townId: string | null;
  villageId: string | null;
  claimDeadlineAt: Date;
  raisedAt: Date;
}

export interface EscalationRecord {
  id: string;
  caseId: string;
  step: number;
  reason: string;
  escalatedTo: string;
  deadlineAt: Date;
  recordedAt: Date;
}

/** Every change to a case is written together with the event that announces it (transactional outbox). */
export class CaseRepository {
  constructor(private readonly db: Database) {}

  async create(newCase: NewCase, event: EventEnvelope): Promise<void> {
    await this.db.$transaction(async (tx) => {
      await tx.case.create({ data: { ...newCase, status: 'raised' } });
      await appendToOutbox(tx, event);
    });
  }

  /**
   * Idempotent by (case, step): an activity retried after a crash that followed the commit finds
   * the escalation already there and writes nothing twice. Returns whether this call recorded it.
   */
  async recordEscalation(escalation: EscalationRecord, event: EventEnvelope): Promise<boolean> {
    return this.db.$transaction(async (tx) => {
      const existing = await tx.escalation.findUnique({
        where: { caseId_step: { caseId: escalation.caseId, step: escalation.step } },
      });
      if (existing) return false;
      await tx.escalation.create({ data: escalation });
      await tx.case.update({
        where: { id: escalation.caseId },
        data: { status: 'escalated', escalationLevel: escalation.step },
      });
      await appendToOutbox(tx, event);
      return true;
    });
  }

  findById(id: string) {
    return this.db.case.findUnique({ where: { id }, include: { escalations: { orderBy: { step: 'asc' } } } });
  }
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
