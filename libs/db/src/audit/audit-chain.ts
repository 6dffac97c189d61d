import { createHash } from 'node:crypto';

/** The fields of a timeline entry that the chain vouches for. */
export interface AuditedFields {
  caseId: string;
  seq: number;
  eventId: string;
  type: string;
  at: Date;
  actorId: string;
  actorRole: string;
  deadlineId: string | null;
  data: string;
}

export interface ChainLink {
  prevHash: string;
  hash: string;
}

/** What the first entry of a case links to. */
export const CHAIN_START = '';

// Names the serialisation, so a future change of fields or algorithm cannot collide with this one.
const FORMAT = 'bishan.audit.v1';

/**
 * SHA-256 (hex) over a JSON array of the fields and the previous hash. JSON escapes every string
 * and keeps null apart from '', so no value can shift a field boundary or pass for another field.
 */
export function auditHash(entry: AuditedFields, prevHash: string): string {
  const canonical = JSON.stringify([
    FORMAT,
    entry.caseId,
    entry.seq,
    entry.eventId,
    entry.type,
    entry.at.toISOString(),
    entry.actorId,
    entry.actorRole,
    entry.deadlineId,
    entry.data,
    prevHash,
  ]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

export function chainLink(entry: AuditedFields, prevHash: string): ChainLink {
  return { prevHash, hash: auditHash(entry, prevHash) };
}
