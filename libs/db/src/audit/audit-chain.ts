import { createHash, createHmac } from 'node:crypto';

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
  /** The audit key the hash was made with; '' for an unkeyed (SHA-256) entry. */
  keyId: string;
}

/** A key of the audit chains: its id is stored with each entry, its secret never in the database. */
export interface AuditKey {
  readonly id: string;
  readonly secret: string;
}

/** The keys entries may have been made with, and the one that makes new entries (AUDIT_KEYS). */
export interface AuditKeyring {
  readonly signingKeyId: string;
  readonly keys: readonly AuditKey[];
}

export function signingKeyOf(keyring: AuditKeyring): AuditKey {
  const key = keyring.keys.find((k) => k.id === keyring.signingKeyId);
  if (!key) throw new Error(`the audit signing key '${keyring.signingKeyId}' is not among the configured keys`);
  return key;
}

/** What the first entry of a case links to. */
export const CHAIN_START = '';

// Names the serialisation, so a future change of fields or algorithm cannot collide with this one.
const FORMAT = 'bishan.audit.v1';

// The keyed format: the key id is part of what is signed, so an entry cannot be moved to another key.
const KEYED_FORMAT = 'bishan.audit.v2';

/**
 * HMAC-SHA256 (hex), with a key kept outside the database, over the same fields as auditHash plus
 * the key id: whoever can write the database but does not hold the key cannot recompute a chain.
 */
export function keyedAuditHash(entry: AuditedFields, prevHash: string, key: AuditKey): string {
  return hmacOf(key, [KEYED_FORMAT, key.id, ...canonicalFields(entry), prevHash]);
}

/** The fields of an admin audit entry (organisation, template, webhook, holiday edits) the chain vouches for. */
export interface AdminAuditedFields {
  seq: number;
  at: Date;
  actorId: string;
  actorRole: string;
  action: string;
  target: string;
  data: string;
}

// The admin chain's own format name: an admin entry can never pass for a case entry, or back.
const ADMIN_FORMAT = 'bishan.admin-audit.v1';

/** HMAC-SHA256 (hex) of an admin audit entry, the same machinery as the case timeline's keyed hash. */
export function keyedAdminAuditHash(entry: AdminAuditedFields, prevHash: string, key: AuditKey): string {
  return hmacOf(key, [
    ADMIN_FORMAT,
    key.id,
    entry.seq,
    entry.at.toISOString(),
    entry.actorId,
    entry.actorRole,
    entry.action,
    entry.target,
    entry.data,
    prevHash,
  ]);
}

/** JSON escapes every string and keeps null apart from '': no value can shift a field boundary. */
function hmacOf(key: AuditKey, values: unknown[]): string {
  return createHmac('sha256', key.secret).update(JSON.stringify(values), 'utf8').digest('hex');
}

function canonicalFields(entry: AuditedFields): unknown[] {
  return [
    entry.caseId,
    entry.seq,
    entry.eventId,
    entry.type,
    entry.at.toISOString(),
    entry.actorId,
    entry.actorRole,
    entry.deadlineId,
    entry.data,
  ];
}

/**
 * The first, unkeyed format (entries with keyId ''), kept to recognise them: anyone who can write
 * the database can recompute it, so verification reports such entries instead of trusting them.
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

export function chainLink(entry: AuditedFields, prevHash: string, key: AuditKey): ChainLink {
  return { prevHash, hash: keyedAuditHash(entry, prevHash, key), keyId: key.id };
}
