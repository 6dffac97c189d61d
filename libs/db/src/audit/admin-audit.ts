import type { Prisma } from '@prisma/client';
import type { Database } from '../prisma-client';
import {
  CHAIN_START,
  keyedAdminAuditHash,
  signingKeyOf,
  type AdminAuditedFields,
  type AuditKeyring,
  type ChainLink,
} from './audit-chain';
import type { AnchorSet } from './audit-anchors';
import { linkBreakIn, type ChainBreak } from './audit-chain.verifier';

/** An administrator's accepted edit, as the handler that applied it describes it. */
export interface AdminAuditDraft {
  actor: { readonly id: string; readonly role: string };
  /** What was done, e.g. `organisation.updateTown`. */
  action: string;
  /** What it was done to, e.g. `town:laifeng`. */
  target: string;
  /** The change as accepted; stored as JSON. Leave secrets out (a fingerprint says enough). */
  data: unknown;
}

export type AdminAuditEntry = AdminAuditedFields & ChainLink;

export type AdminChainReport =
  | { ok: true; entries: number; head: { seq: number; hash: string } | null }
  | { ok: false; firstBroken: ChainBreak };

const HEAD_ID = 1;
const VERIFY_PAGE = 500;

/**
 * The admin audit chain: organisation, template, webhook and holiday-schedule edits (and outbox
 * retries), from every service, as one chain of keyed entries — the same HMAC machinery and keys as
 * the case timeline, under its own format name. An entry is appended in the transaction of the edit
 * it records, so the edit and its entry commit together or not at all.
 */
export class AdminAuditLog {
  constructor(
    private readonly db: Database,
    private readonly keys: AuditKeyring,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Appends one entry in a transaction of its own. */
  record(draft: AdminAuditDraft): Promise<AdminAuditEntry> {
    return this.db.$transaction((tx) => this.appendIn(tx, draft));
  }

  /** Appends one entry inside the caller's transaction. */
  async appendIn(tx: Prisma.TransactionClient, draft: AdminAuditDraft): Promise<AdminAuditEntry> {
    const key = signingKeyOf(this.keys);
    // Moving the head first takes its row's write lock: appends from every process take turns, and
    // each finds the entry before it committed.
    const { seq } = await tx.adminAuditHead.upsert({
      where: { id: HEAD_ID },
      create: { id: HEAD_ID, seq: 1 },
      update: { seq: { increment: 1 } },
    });
    const previous = seq === 1 ? null : await tx.adminAuditEntry.findUnique({ where: { seq: seq - 1 }, select: { hash: true } });
    if (seq > 1 && !previous) throw new Error(`admin audit chain: entry ${seq - 1} is missing, so entry ${seq} cannot link to it`);
    const fields: AdminAuditedFields = {
      seq,
      at: this.now(),
      actorId: draft.actor.id,
      actorRole: draft.actor.role,
      action: draft.action,
      target: draft.target,
      data: JSON.stringify(draft.data ?? null),
    };
    const prevHash = previous?.hash ?? CHAIN_START;
    const entry: AdminAuditEntry = { ...fields, prevHash, hash: keyedAdminAuditHash(fields, prevHash, key), keyId: key.id };
    await tx.adminAuditEntry.create({ data: entry });
    return entry;
  }

  /** Newest first, a page at a time (`beforeSeq` continues a listing). */
  async list({ limit, beforeSeq }: { limit: number; beforeSeq?: number }): Promise<{ items: AdminAuditEntry[]; total: number }> {
    const [items, total] = await Promise.all([
      this.db.adminAuditEntry.findMany({
        ...(beforeSeq === undefined ? {} : { where: { seq: { lt: beforeSeq } } }),
        orderBy: { seq: 'desc' },
        take: limit,
      }),
      this.db.adminAuditEntry.count(),
    ]);
    return { items, total };
  }

  /**
   * Recomputes the chain from its first entry, a page at a time, and reports the first entry that
   * no longer fits (as the case timelines do); entries ending before the head's seq were deleted.
   * With `anchors`, the entry at the anchored head must still be the one anchored: a chain rewritten
   * and recomputed with the key holds together, but not to its anchor.
   */
  async verify(anchors?: AnchorSet): Promise<AdminChainReport> {
    const head = await this.db.adminAuditHead.findUnique({ where: { id: HEAD_ID } });
    let after = { seq: 0, hash: CHAIN_START };
    for (;;) {
      const page = await this.db.adminAuditEntry.findMany({ where: { seq: { gt: after.seq } }, orderBy: { seq: 'asc' }, take: VERIFY_PAGE });
      const broken = linkBreakIn(page, this.keys, keyedAdminAuditHash, after);
      if (broken) return { ok: false, firstBroken: broken };
      const last = page[page.length - 1];
      if (!last) break;
      after = { seq: last.seq, hash: last.hash };
    }
    if (head && after.seq < head.seq) return { ok: false, firstBroken: { seq: after.seq + 1, reason: 'truncated' } };
    const anchored = anchors?.admin;
    if (anchored) {
      const entry = await this.db.adminAuditEntry.findUnique({ where: { seq: anchored.seq }, select: { hash: true } });
      if (entry?.hash !== anchored.hash) return { ok: false, firstBroken: { seq: anchored.seq, reason: 'anchor-mismatch' } };
    }
    return { ok: true, entries: after.seq, head: after.seq === 0 ? null : after };
  }
}
