import type { FieldProblem } from '../case/case-decision';

/**
 * The places and categories of the organisation as far as raising a case needs them: structural,
 * so the full organisation (libs/db) and a small test fixture both fit.
 */
export interface PlaceDirectory {
  readonly towns: readonly { readonly id: string }[];
  readonly villages: readonly { readonly id: string; readonly townId: string }[];
  readonly courtyards: readonly { readonly id: string; readonly villageId: string }[];
  /** Every category some department's duty list covers. */
  readonly categories: readonly string[];
}

export interface RaisedPlace {
  readonly category: string;
  readonly location: { readonly townId: string; readonly villageId: string; readonly courtyardId?: string };
}

/** One refused field, named by its path in the raise's body. */
export interface PlaceProblem {
  readonly field: 'category' | 'location.townId' | 'location.villageId' | 'location.courtyardId';
  readonly message: string;
  /** The broken rule as a code, for a form in the reader's language. */
  readonly problem: FieldProblem;
}

/**
 * What a raise names must exist in the organisation and hang together: the village in the town,
 * the courtyard in the village, the category on some duty list. Every problem is listed (a form shows
 * each next to its field); an unknown village is not also reported as outside the town.
 */
export function checkRaisePlace(raise: RaisedPlace, org: PlaceDirectory): PlaceProblem[] {
  const problems: PlaceProblem[] = [];
  const { townId, villageId, courtyardId } = raise.location;
  if (!org.categories.includes(raise.category))
    problems.push({ field: 'category', message: `category '${raise.category}' is on no department's duty list`, problem: { rule: 'unknown', params: { value: raise.category } } });
  const townKnown = org.towns.some((t) => t.id === townId);
  if (!townKnown) problems.push({ field: 'location.townId', message: `town '${townId}' is not in the organisation`, problem: { rule: 'unknown', params: { value: townId } } });
  const village = org.villages.find((v) => v.id === villageId);
  if (!village)
    problems.push({ field: 'location.villageId', message: `village '${villageId}' is not in the organisation`, problem: { rule: 'unknown', params: { value: villageId } } });
  else if (townKnown && village.townId !== townId)
    problems.push({ field: 'location.villageId', message: `village '${villageId}' does not belong to town '${townId}'`, problem: { rule: 'not-in-place', params: { value: villageId, parent: townId } } });
  if (courtyardId !== undefined) {
    const courtyard = org.courtyards.find((c) => c.id === courtyardId);
    if (!courtyard)
      problems.push({ field: 'location.courtyardId', message: `courtyard '${courtyardId}' is not in the organisation`, problem: { rule: 'unknown', params: { value: courtyardId } } });
    else if (village && courtyard.villageId !== villageId)
      problems.push({
        field: 'location.courtyardId',
        message: `courtyard '${courtyardId}' does not belong to village '${villageId}'`,
        problem: { rule: 'not-in-place', params: { value: courtyardId, parent: villageId } },
      });
  }
  return problems;
}
