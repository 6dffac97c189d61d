import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import type { Database } from '../prisma-client';
import { CHAIN_START } from './audit-chain';

/**
 * Where chain heads are anchored on the broker (prefixed with the deployment's topic prefix): one
 * partition, kept forever, so a reader sees every anchor in the order it was written.
 */
export const AUDIT_ANCHOR_TOPIC = 'audit.anchors.v1';

/** One head: a chain's last entry when it was anchored. */
export interface AnchoredHead {
  seq: number;
  hash: string;
}

/**
 * One line of the anchor file (and one message on the anchor topic): the heads of the case chains
 * that moved since the previous anchor, and the admin chain's head. `prev` is the SHA-256 of the
 * previous line's text, so the file is itself a chain: a line removed or edited breaks it.
 */
export interface AnchorLine {
  v: 1;
  at: string;
  prev: string;
  /** [caseId, seq, hash] of each case chain's last entry. */
  cases: [string, number, string][];
  admin: [number, string] | null;
}

/** What the anchor file says, for verification: the latest anchored head of every chain. */
export interface AnchorSet {
  file: string;
  /** False when there is no file (anchoring never ran here, or the file is elsewhere). */
  present: boolean;
  lines: number;
  latestAt: string | null;
  cases: Map<string, AnchoredHead>;
  admin: AnchoredHead | null;
  /** The first line that does not link to the one before (or is not an anchor): null when all do. */
  broken: { line: number; reason: 'not-an-anchor' | 'prev-mismatch' } | null;
}

/** The anchors as a verification report names them. */
export interface AnchorSummary {
  file: string;
  present: boolean;
  lines: number;
  latestAt: string | null;
  casesAnchored: number;
  adminSeqAnchored: number | null;
  broken: AnchorSet['broken'];
}

export function anchorSummaryOf(anchors: AnchorSet): AnchorSummary {
  return {
    file: anchors.file,
    present: anchors.present,
    lines: anchors.lines,
    latestAt: anchors.latestAt,
    casesAnchored: anchors.cases.size,
    adminSeqAnchored: anchors.admin?.seq ?? null,
    broken: anchors.broken,
  };
}

const lineDigest = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** Reads an anchor file line by line (it grows for good), checking that each line links to the one before. */
export async function readAnchors(file: string): Promise<AnchorSet> {
  const set: AnchorSet = { file, present: existsSync(file), lines: 0, latestAt: null, cases: new Map(), admin: null, broken: null };
  if (!set.present) return set;
  let prev = CHAIN_START;
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const text of lines) {
    if (text === '') continue;
    set.lines += 1;
    const line = parseLine(text);
    if (!line) set.broken ??= { line: set.lines, reason: 'not-an-anchor' };
    else {
      if (line.prev !== prev) set.broken ??= { line: set.lines, reason: 'prev-mismatch' };
      set.latestAt = line.at;
      for (const [caseId, seq, hash] of line.cases) keepLatest(set.cases, caseId, { seq, hash });
      if (line.admin && (!set.admin || line.admin[0] >= set.admin.seq)) set.admin = { seq: line.admin[0], hash: line.admin[1] };
    }
    prev = lineDigest(text);
  }
  return set;
}

function keepLatest(heads: Map<string, AnchoredHead>, caseId: string, head: AnchoredHead): void {
  const known = heads.get(caseId);
  if (!known || head.seq >= known.seq) heads.set(caseId, head);
}

function parseLine(text: string): AnchorLine | null {
  try {
    const line = JSON.parse(text) as Partial<AnchorLine>;
    const headsOk = Array.isArray(line.cases) && line.cases.every((h) => Array.isArray(h) && typeof h[0] === 'string' && typeof h[1] === 'number' && typeof h[2] === 'string');
    const adminOk = line.admin === null || (Array.isArray(line.admin) && typeof line.admin[0] === 'number' && typeof line.admin[1] === 'string');
    return line.v === 1 && typeof line.at === 'string' && typeof line.prev === 'string' && headsOk && adminOk ? (line as AnchorLine) : null;
  } catch {
    return null;
  }
}

/** How a verification compares a chain with its latest anchored head: null when the chain still holds it. */
export function anchorBreakOf(entries: readonly { seq: number; hash: string }[], anchored: AnchoredHead | undefined | null) {
  if (!anchored) return null;
  const entry = entries[anchored.seq - 1];
  return entry && entry.seq === anchored.seq && entry.hash === anchored.hash ? null : { seq: anchored.seq, reason: 'anchor-mismatch' as const };
}

export interface AnchoringOptions {
  /** Sends the new lines to the anchor topic; a failure is retried with the next run. */
  publish?: (lines: string[]) => Promise<void>;
  /**
   * Cases changed this long before the previous anchor are looked at again: a transaction that
   * wrote its timestamp before the anchor but committed after it is not missed.
   */
  overlapMs?: number;
  headsPerLine?: number;
  /**
   * The most bytes of lines sent in one publish. The anchor topic has one partition, so a publish is
   * one record batch, which the broker refuses whole above its message.max.bytes (1 MiB by default):
   * lines held back through an outage, or a busy hour's 1,000-head lines, go in several.
   */
  publishBytes?: number;
}

const DEFAULT_OVERLAP_MS = 120_000;
const DEFAULT_HEADS_PER_LINE = 1_000;
const DEFAULT_PUBLISH_BYTES = 512 * 1024;

/**
 * Anchors the audit chains' heads outside the database: every run appends to a write-once file (opened
 * for appending only, synced before it counts) the head of every case chain that moved since the
 * previous run and the admin chain's head, then publishes the same lines to the anchor topic.
 * Whoever rewrites a chain afterwards, even with the audit key, cannot make its head match again.
 * One process writes a file: run anchoring in one instance, or give each its own file.
 */
export class AuditAnchoring {
  private state: { prevLine: string; at: Date | null; admin: AnchoredHead | null } | undefined;
  private unpublished: string[] = [];

  constructor(
    private readonly db: Database,
    private readonly file: string,
    private readonly options: AnchoringOptions = {},
  ) {}

  /**
   * One run: the lines written (none when nothing moved) and how many lines reached the topic; a
   * topic that did not answer is named in `publishError` and gets them next run. Throws only when
   * the file cannot be written.
   */
  async anchorOnce(now = new Date()): Promise<{ written: string[]; published: number; publishError?: string }> {
    const state = (this.state ??= await this.tailOf());
    const since = state.at ? new Date(state.at.getTime() - (this.options.overlapMs ?? DEFAULT_OVERLAP_MS)) : null;
    const cases = await this.caseHeadsSince(since);
    const admin = await this.adminHead();
    const adminMoved = admin !== null && (state.admin === null || admin.seq !== state.admin.seq || admin.hash !== state.admin.hash);
    const written: string[] = [];
    if (cases.length > 0 || adminMoved) {
      const size = this.options.headsPerLine ?? DEFAULT_HEADS_PER_LINE;
      let prev = state.prevLine === '' ? CHAIN_START : lineDigest(state.prevLine);
      for (let i = 0; i === 0 || i < cases.length; i += size) {
        const line: AnchorLine = { v: 1, at: now.toISOString(), prev, cases: cases.slice(i, i + size), admin: i === 0 && admin ? [admin.seq, admin.hash] : null };
        const text = JSON.stringify(line);
        written.push(text);
        prev = lineDigest(text);
      }
      await appendSynced(this.file, written);
      this.state = { prevLine: written[written.length - 1] ?? state.prevLine, at: now, admin: admin ?? state.admin };
      this.unpublished.push(...written);
    }
    return { written, ...(await this.publishPending()) };
  }

  /**
   * Sends the unpublished lines in order, in publishes of at most publishBytes; what a failed publish
   * leaves waits for the next run.
   */
  private async publishPending(): Promise<{ published: number; publishError?: string }> {
    const publish = this.options.publish;
    if (!publish) return { published: 0 };
    const budget = this.options.publishBytes ?? DEFAULT_PUBLISH_BYTES;
    let published = 0;
    while (this.unpublished.length > 0) {
      // At least one line per publish, however long: a line never grows past headsPerLine heads.
      let count = 0;
      for (let bytes = 0; count < this.unpublished.length; count += 1) {
        bytes += Buffer.byteLength(this.unpublished[count] ?? '', 'utf8');
        if (count > 0 && bytes > budget) break;
      }
      try {
        await publish(this.unpublished.slice(0, count));
      } catch (error) {
        return { published, publishError: error instanceof Error ? error.message : String(error) };
      }
      this.unpublished = this.unpublished.slice(count);
      published += count;
    }
    return { published };
  }

  /** The file's last line and when it was anchored: where this process continues the file's chain. */
  private async tailOf(): Promise<{ prevLine: string; at: Date | null; admin: AnchoredHead | null }> {
    const tail = { prevLine: '', at: null as Date | null, admin: null as AnchoredHead | null };
    if (!existsSync(this.file)) return tail;
    const lines = createInterface({ input: createReadStream(this.file, 'utf8'), crlfDelay: Infinity });
    for await (const text of lines) {
      if (text === '') continue;
      tail.prevLine = text;
      const line = parseLine(text);
      if (line) {
        tail.at = new Date(line.at);
        if (line.admin) tail.admin = { seq: line.admin[0], hash: line.admin[1] };
      }
    }
    return tail;
  }

  /** [caseId, seq, hash] of the last entry of every case changed since `since` (every case when null). */
  private async caseHeadsSince(since: Date | null): Promise<[string, number, string][]> {
    const heads: [string, number, string][] = [];
    for (let after: string | undefined; ; ) {
      const page = await this.db.case.findMany({
        where: { ...(since ? { updatedAt: { gt: since } } : {}), ...(after === undefined ? {} : { id: { gt: after } }) },
        orderBy: { id: 'asc' },
        take: 500,
        select: { id: true, lastEventSeq: true },
      });
      if (page.length === 0) return heads;
      const entries = await this.db.caseTimelineEntry.findMany({
        where: { OR: page.map((c) => ({ caseId: c.id, seq: c.lastEventSeq })) },
        select: { caseId: true, seq: true, hash: true },
      });
      const byCase = new Map(entries.map((e) => [e.caseId, e]));
      for (const c of page) {
        const entry = byCase.get(c.id);
        if (entry && entry.hash !== '') heads.push([entry.caseId, entry.seq, entry.hash]);
      }
      after = page[page.length - 1]?.id;
    }
  }

  private async adminHead(): Promise<AnchoredHead | null> {
    const last = await this.db.adminAuditEntry.findFirst({ orderBy: { seq: 'desc' }, select: { seq: true, hash: true } });
    return last ?? null;
  }
}

/** Appends and syncs: opened for appending only, so nothing already written can be changed through it. */
async function appendSynced(file: string, lines: string[]): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const handle = await open(file, 'a', 0o640);
  try {
    await handle.write(lines.map((line) => `${line}\n`).join(''));
    await handle.sync();
  } finally {
    await handle.close();
  }
}
