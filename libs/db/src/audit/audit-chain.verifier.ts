import type { Database } from '../prisma-client';
import { anchorBreakOf, anchorSummaryOf, type AnchorSet, type AnchorSummary } from './audit-anchors';
import { CHAIN_START, keyedAuditHash, type AuditedFields, type AuditKey, type AuditKeyring, type ChainLink } from './audit-chain';

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
  | 'hash-mismatch'
  /**
   * The chain holds together, but the entry anchored outside the database (at this seq) is gone or
   * no longer the one anchored: the chain was rewritten and recomputed, by someone holding the key.
   */
  | 'anchor-mismatch';

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
  /** The anchors checked against, when the verifier was given them. */
  anchors?: AnchorSummary;
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
  /**
   * `keys`: every audit key entries may have been made with (AUDIT_KEYS, the old ones too);
   * `anchors`: the heads anchored outside the database (AUDIT_ANCHOR_FILE), checked when given.
   */
  constructor(
    private readonly db: Database,
    private readonly keys: AuditKeyring,
    private readonly anchors?: AnchorSet,
  ) {}

  async verifyCase(caseId: string): Promise<CaseChainReport> {
    const found = await this.db.case.findUnique({ where: { id: caseId }, select: { lastEventSeq: true } });
    const entries = await this.db.caseTimelineEntry.findMany({
      where: { caseId },
      orderBy: { seq: 'asc' },
      select: storedEntry,
    });
    return reportOf(caseId, entries, found?.lastEventSeq ?? 0, this.keys, this.anchors);
  }

  /** Walks the cases a page at a time, so memory holds one page of cases and their entries. */
  async verifyAll({ batchSize = DEFAULT_BATCH_SIZE, onProgress }: VerifyAllOptions = {}): Promise<AuditChainSummary> {
    const summary: AuditChainSummary = { checked: 0, intact: 0, broken: [] };
    // Anchored cases not met among the cases: their read-model row was deleted with their trail.
    const unseen = new Set(this.anchors?.cases.keys());
    for (let after: string | undefined; ; ) {
      const page = await this.db.case.findMany({
        ...(after === undefined ? {} : { where: { id: { gt: after } } }),
        orderBy: { id: 'asc' },
        take: batchSize,
        select: { id: true, lastEventSeq: true },
      });
      if (page.length === 0) break;
      for (const c of page) unseen.delete(c.id);
      for (const report of await this.verifyPage(page)) tally(summary, report);
      onProgress?.({ checked: summary.checked, broken: summary.broken.length });
      after = page[page.length - 1]?.id;
    }
    if (!this.anchors) return summary;
    for (const caseId of [...unseen].sort()) {
      const anchored = this.anchors.cases.get(caseId);
      if (anchored) tally(summary, { caseId, ok: false, firstBroken: { seq: anchored.seq, reason: 'anchor-mismatch' } });
    }
    return { ...summary, anchors: anchorSummaryOf(this.anchors) };
  }

  private async verifyPage(page: { id: string; lastEventSeq: number }[]): Promise<CaseChainReport[]> {
    const entries = await this.db.caseTimelineEntry.findMany({
      where: { caseId: { in: page.map((c) => c.id) } },
      orderBy: [{ caseId: 'asc' }, { seq: 'asc' }],
      select: storedEntry,
    });
    const byCase = groupByCase(entries);
    return page.map((c) => reportOf(c.id, byCase.get(c.id) ?? [], c.lastEventSeq, this.keys, this.anchors));
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

function reportOf(
  caseId: string,
  entries: StoredEntry[],
  lastEventSeq: number,
  keys: AuditKeyring,
  anchors: AnchorSet | undefined,
): CaseChainReport {
  // The chain's own checks first: an anchor can only tell more about a chain that holds together.
  const firstBroken = firstBreak(entries, lastEventSeq, keys) ?? anchorBreakOf(entries, anchors?.cases.get(caseId));
  return firstBroken ? { caseId, ok: false, firstBroken } : { caseId, entries: entries.length, ok: true };
}

/** Entries in seq order; a healthy chain numbers them 1..n with no hole and ends at the last event. */
function firstBreak(entries: StoredEntry[], lastEventSeq: number, keys: AuditKeyring): ChainBreak | null {
  if (entries.length === 0) return { seq: 1, reason: 'no-entries' };
  const broken = linkBreakIn(entries, keys, keyedAuditHash);
  if (broken) return broken;
  return entries.length < lastEventSeq ? { seq: entries.length + 1, reason: 'truncated' } : null;
}

/** What every chain's entry carries: its place, its link to the one before, its keyed hash. */
export interface LinkedEntry {
  seq: number;
  prevHash: string;
  hash: string;
  keyId: string;
}

/**
 * The first entry of a chain (in seq order, numbered from 1) that does not fit: a hole, a broken
 * link, no or no known key, or a hash its fields no longer give under `hashOf`. Null when all fit.
 */
export function linkBreakIn<E extends LinkedEntry>(
  entries: readonly E[],
  keys: AuditKeyring,
  hashOf: (entry: E, prevHash: string, key: AuditKey) => string,
  /** Where these entries continue a chain checked a page at a time: the seq and hash before them. */
  after: { seq: number; hash: string } = { seq: 0, hash: CHAIN_START },
): ChainBreak | null {
  let prevHash = after.hash;
  for (const [index, entry] of entries.entries()) {
    const broken = linkBreak(entry, after.seq + index + 1, prevHash, keys, hashOf);
    if (broken) return broken;
    prevHash = entry.hash;
  }
  return null;
}

// The link to the previous entry is checked before the entry's own hash, so a moved entry (intact
// in itself) is reported as out of place rather than as edited.
function linkBreak<E extends LinkedEntry>(
  entry: E,
  expectedSeq: number,
  prevHash: string,
  keys: AuditKeyring,
  hashOf: (entry: E, prevHash: string, key: AuditKey) => string,
): ChainBreak | null {
  const at = (reason: ChainBreakReason): ChainBreak => ({ seq: expectedSeq, reason });
  if (entry.seq !== expectedSeq) return at('seq-gap');
  if (entry.hash === '') return at('missing-hash');
  if (entry.prevHash !== prevHash) return at('prev-hash-mismatch');
  // Without a key anyone who can write the database could have recomputed it: not evidence.
  if (entry.keyId === '') return at('unkeyed');
  const key = keys.keys.find((k) => k.id === entry.keyId);
  if (!key) return at('unknown-key');
  if (hashOf(entry, entry.prevHash, key) !== entry.hash) return at('hash-mismatch');
  return null;
}
