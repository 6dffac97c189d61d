import { type Instant, toEpochMs, toIso } from '../instant';
import { compareText } from '../ordering';
import { DAY_MS } from '../calendar/shanghai-time';

/** How far back (and, for a case already raised, forward) an open case counts as a likely duplicate. */
export const likelyDuplicateWindowDays = 30;

/**
 * The text two reports are compared by, never the text that is stored: compatibility forms folded
 * (NFKC: full-width letters, digits and punctuation become their ordinary forms), case folded, and
 * every space, punctuation mark (Chinese ones included), symbol, emoji and invisible character
 * removed. "路灯坏了，晚上看不见！" and "路灯坏了 晚上看不见" are the same report.
 */
export function normaliseCaseText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}\p{Z}\p{C}\s\u{FE00}-\u{FE0F}\u{E0100}-\u{E01EF}\u{200B}-\u{200D}]/gu, '');
}

export interface DuplicateCandidate {
  readonly caseId: string;
  readonly category: string;
  readonly villageId: string;
  readonly courtyardId?: string | null;
  readonly description: string;
  readonly raisedAt: Instant;
  readonly closed: boolean;
}

export interface DuplicateProbe {
  /** The case being compared (left out of its own duplicates), if it has an id already. */
  readonly caseId?: string;
  readonly category: string;
  readonly location: { readonly villageId: string; readonly courtyardId?: string | null };
  readonly description: string;
  readonly raisedAt: Instant;
}

export interface LikelyDuplicate {
  readonly caseId: string;
  readonly raisedAt: string;
}

/**
 * How many likely duplicates an answer names, the earliest first; it counts them all. A flood of one
 * report (a burst pipe reported by a whole courtyard) is exactly when the list must stay short.
 */
export const likelyDuplicatesNamed = 10;

/**
 * The open cases a report is compared with, as a store is asked for them: same category and
 * village, the same normalised text (`key`), in this courtyard or in none when the report names one,
 * raised between `raisedFrom` and `raisedTo` (epoch ms, inclusive), other than the case itself.
 */
export interface LikelyDuplicateSearch {
  readonly key: string;
  readonly category: string;
  readonly villageId: string;
  readonly courtyardId: string | null;
  readonly raisedFrom: number;
  readonly raisedTo: number;
  readonly excludeCaseId: string | null;
}

/**
 * The search for a report's likely duplicates: open cases that probably report the same thing —
 * same category, same village (and the same courtyard when both name one), raised within the window
 * either side, with the same normalised text. Null for a report with no comparable text (only
 * punctuation or emoji): it matches nothing. Residents may legitimately repeat a report: this only
 * points the cases out, it never refuses one.
 */
export function likelyDuplicateSearch(
  probe: DuplicateProbe,
  windowDays = likelyDuplicateWindowDays,
): LikelyDuplicateSearch | null {
  const key = normaliseCaseText(probe.description);
  if (key === '') return null;
  const at = toEpochMs(probe.raisedAt);
  const windowMs = windowDays * DAY_MS;
  return {
    key,
    category: probe.category,
    villageId: probe.location.villageId,
    courtyardId: probe.location.courtyardId ?? null,
    raisedFrom: at - windowMs,
    raisedTo: at + windowMs,
    excludeCaseId: probe.caseId ?? null,
  };
}

/** Whether a case is found by a search: the rule a store's query must answer exactly. */
export function matchesLikelyDuplicateSearch(search: LikelyDuplicateSearch, c: DuplicateCandidate): boolean {
  const raisedAt = toEpochMs(c.raisedAt);
  return (
    c.caseId !== search.excludeCaseId &&
    !c.closed &&
    c.category === search.category &&
    c.villageId === search.villageId &&
    (!search.courtyardId || !c.courtyardId || c.courtyardId === search.courtyardId) &&
    raisedAt >= search.raisedFrom &&
    raisedAt <= search.raisedTo &&
    normaliseCaseText(c.description) === search.key
  );
}

/** The order duplicates are named in: the original report first. */
function compareLikelyDuplicates(a: LikelyDuplicate, b: LikelyDuplicate): number {
  return compareText(a.raisedAt, b.raisedAt) || compareText(a.caseId, b.caseId);
}

/**
 * A report's likely duplicates among cases held in memory (what a store's query answers from its
 * index), oldest first.
 */
export function findLikelyDuplicates(
  probe: DuplicateProbe,
  candidates: readonly DuplicateCandidate[],
  windowDays = likelyDuplicateWindowDays,
): LikelyDuplicate[] {
  const search = likelyDuplicateSearch(probe, windowDays);
  if (!search) return [];
  return candidates
    .filter((c) => matchesLikelyDuplicateSearch(search, c))
    .map((c) => ({ caseId: c.caseId, raisedAt: toIso(c.raisedAt) }))
    .sort(compareLikelyDuplicates);
}
