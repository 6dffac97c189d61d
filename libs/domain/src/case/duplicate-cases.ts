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
 * Open cases that probably report the same thing: same category, same village (and the same
 * courtyard when both name one), raised within the window either side, with the same normalised
 * text. Oldest first, so the original report leads. A report with no comparable text (only
 * punctuation or emoji) matches nothing. Residents may legitimately repeat a report: this only
 * points the cases out, it never refuses one.
 */
export function findLikelyDuplicates(
  probe: DuplicateProbe,
  candidates: readonly DuplicateCandidate[],
  windowDays = likelyDuplicateWindowDays,
): LikelyDuplicate[] {
  const key = normaliseCaseText(probe.description);
  if (key === '') return [];
  const at = toEpochMs(probe.raisedAt);
  const windowMs = windowDays * DAY_MS;
  const sameCourtyard = (c: DuplicateCandidate) =>
    !probe.location.courtyardId || !c.courtyardId || c.courtyardId === probe.location.courtyardId;
  return candidates
    .filter(
      (c) =>
        c.caseId !== probe.caseId &&
        !c.closed &&
        c.category === probe.category &&
        c.villageId === probe.location.villageId &&
        sameCourtyard(c) &&
        Math.abs(toEpochMs(c.raisedAt) - at) <= windowMs &&
        normaliseCaseText(c.description) === key,
    )
    .map((c) => ({ caseId: c.caseId, raisedAt: toIso(c.raisedAt) }))
    .sort((a, b) => compareText(a.raisedAt, b.raisedAt) || compareText(a.caseId, b.caseId));
}
