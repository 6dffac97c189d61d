export { createDatabase, type Database } from './prisma-client';
export { CaseRepository, type EscalationRecord, type NewCase } from './case.repository';
export { OutboxRepository, type PendingOutboxEvent } from './outbox.repository';
export { ProcessedEventRepository } from './processed-event.repository';
export type { Prisma } from '@prisma/client';
