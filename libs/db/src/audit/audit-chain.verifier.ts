import type { Database } from '../prisma-client';
import { CHAIN_START, keyedAuditHash, type AuditedFields, type AuditKeyring, type ChainLink } from './audit-chain';

export type ChainBreakReason =
  /** The case has no audit entries at all. */
  | 'no-entries'
  /** An entry before the last one is missing: reported at the first missing seq. */
  | 'seq-gap'
  /** Entries end before the case's last recorded event: the tail was deleted. */
  | 'truncated'
  /** The entry carries no hash (written before the chain existed, or blanked). */
  | 'missing-hash'
  /** The entry was hashed without a key (before keys existed, or recomputed by whoever writes the database). */
  | 'unkeyed'
  /** The entry names an audit key the verifier does not hold. */
  | 'unknown-key'
  /** The entry does not link to the previous one: reordered, replaced or re-hashed upstream. */
  | 'prev-hash-mismatch'
  /** The entry's fields no longer match its own hash: edited in place. */
  | 'hash-mismatch';

export interface ChainBreak {
  seq: number;
  reason: ChainBreakReason;
}

export type CaseChainReport =
  | { caseId: string; entries: number; ok: true }
  | { caseId: string; ok: false; firstBroken: ChainBreak };

export interface BrokenChain {
  caseId: string;
  firstBroken: ChainBreak;
}

export interface AuditProgress {
  checked: number;
  broken: number;
}

export interface VerifyAllOptions {
  batchSize?: number;
  onProgress?: (progress: AuditProgress) => void;
}

export interface AuditChainSummary {
  checked: number;
  intact: number;
  broken: BrokenChain[];
}

type StoredEntry = AuditedFields & ChainLink;

const storedEntry = {
  caseId: true,
  seq: true,
  eventId: true,
  type: true,
  at: true,
  actorId: true,
  actorRole: true,
  deadlineId: true,
  data: true,
  prevHash: true,
  hash: true,
  keyId: true,
} as const;

const DEFAULT_BATCH_SIZE = 100;

/**
 * Recomputes the hash chains of the audit timeline and reports, per case, the first entry that no
 * longer fits. Each case's read model is read before its entries: an event recorded in between
 * then only adds entries, and cannot pass for a deleted tail.
 */
export class AuditChainVerifier {
  /** `keys`: every audit key entries may have been made with (AUDIT_KEYS, the old ones too). */
  constructor(
    private readonly db: Database,
    private readonly keys: AuditKeyring,
  ) {}

  async verifyCase(caseId: string): Promise<CaseChainReport> {
    const found = await this.db.case.findUnique({ where: { id: caseId }, select: { lastEventSeq: true } });
    const entries = await this.db.caseTimelineEntry.findMany({
      where: { caseId },
      orderBy: { seq: 'asc' },
      select: storedEntry,
    });
    return reportOf(caseId, entries, found?.lastEventSeq ?? 0, this.keys);
  }

  /** Walks the cases a page at a time, so memory holds one page of cases and their entries. */
  async verifyAll({ batchSize = DEFAULT_BATCH_SIZE, onProgress }: VerifyAllOptions = {}): Promise<AuditChainSummary> {
    const summary: AuditChainSummary = { checked: 0, intact: 0, broken: [] };
    for (let after: string | undefined; ; ) {
      const page = await this.db.case.findMany({
        ...(after === undefined ? {} : { where: { id: { gt: after } } }),
        orderBy: { id: 'asc' },
        take: batchSize,
        select: { id: true, lastEventSeq: true },
      });
      if (page.length === 0) return summary;
      for (const report of await this.verifyPage(page)) tally(summary, report);
      onProgress?.({ checked: summary.checked, broken: summary.broken.length });
      after = page[page.length - 1]?.id;
    }
  }

  private async verifyPage(page: { id: string; lastEventSeq: number }[]): Promise<CaseChainReport[]> {
    const entries = await this.db.caseTimelineEntry.findMany({
      where: { caseId: { in: page.map((c) => c.id) } },
      orderBy: [{ caseId: 'asc' }, { seq: 'asc' }],
      select: storedEntry,
    });
    const byCase = groupByCase(entries);
    return page.map((c) => reportOf(c.id, byCase.get(c.id) ?? [], c.lastEventSeq, this.keys));
  }
}

function groupByCase(entries: StoredEntry[]): Map<string, StoredEntry[]> {
  const byCase = new Map<string, StoredEntry[]>();
  for (const entry of entries) {
    const list = byCase.get(entry.caseId);
    if (list) list.push(entry);
    else byCase.set(entry.caseId, [entry]);
  }
  return byCase;
}

function tally(summary: AuditChainSummary, report: CaseChainReport): void {
  summary.checked += 1;
  if (report.ok) summary.intact += 1;
  else summary.broken.push({ caseId: report.caseId, firstBroken: report.firstBroken });
}

function reportOf(caseId: string, entries: StoredEntry[], lastEventSeq: number, keys: AuditKeyring): CaseChainReport {
  const firstBroken = firstBreak(entries, lastEventSeq, keys);
  return firstBroken ? { caseId, ok: false, firstBroken } : { caseId, entries: entries.length, ok: true };
}

/** Entries in seq order; a healthy chain numbers them 1..n with no hole and ends at the last event. */
function firstBreak(entries: StoredEntry[], lastEventSeq: number, keys: AuditKeyring): ChainBreak | null {
  if (entries.length === 0) return { seq: 1, reason: 'no-entries' };
  let prevHash = CHAIN_START;
  for (const [index, entry] of entries.entries()) {
    const broken = linkBreak(entry, index + 1, prevHash, keys);
    if (broken) return broken;
    prevHash = entry.hash;
  }
  return entries.length < lastEventSeq ? { seq: entries.length + 1, reason: 'truncated' } : null;
}

// The link to the previous entry is checked before the entry's own hash, so a moved entry (intact
// in itself) is reported as out of place rather than as edited.
function linkBreak(entry: StoredEntry, expectedSeq: number, prevHash: string, keys: AuditKeyring): ChainBreak | null {
  const at = (reason: ChainBreakReason): ChainBreak => ({ seq: expectedSeq, reason });
  if (entry.seq !== expectedSeq) return at('seq-gap');
  if (entry.hash === '') return at('missing-hash');
  if (entry.prevHash !== prevHash) return at('prev-hash-mismatch');
  // Without a key anyone who can write the database could have recomputed it: not evidence.
  if (entry.keyId === '') return at('unkeyed');
  const key = keys.keys.find((k) => k.id === entry.keyId);
  if (!key) return at('unknown-key');
  if (keyedAuditHash(entry, entry.prevHash, key) !== entry.hash) return at('hash-mismatch');
  return null;
}
