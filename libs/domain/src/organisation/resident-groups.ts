import type { BishanOrganisation, Courtyard } from './model';

/**
 * A residents' group (村民小组, in a community 居民小组 / 网格): the unit village secretaries must
 * meet in every half-year. Courtyards carry their group's number; a group is the courtyards of one
 * village sharing it, so groups follow every courtyard edit without a table of their own.
 */
export interface ResidentGroup {
  /** `${villageId}-group-${number}`, stable as long as the number is. */
  readonly id: string;
  readonly townId: string;
  readonly villageId: string;
  readonly number: number;
  /** '7组' in a village, '第7网格' in a community. */
  readonly name: string;
  readonly courtyardIds: readonly string[];
}

export function residentGroupsOf(org: Pick<BishanOrganisation, 'villages' | 'courtyards'>, villageId?: string): ResidentGroup[] {
  const groups = new Map<string, { village: BishanOrganisation['villages'][number]; number: number; courtyards: Courtyard[] }>();
  for (const courtyard of org.courtyards) {
    if (villageId !== undefined && courtyard.villageId !== villageId) continue;
    const village = org.villages.find((v) => v.id === courtyard.villageId);
    if (!village) continue;
    const id = `${village.id}-group-${courtyard.group}`;
    const group = groups.get(id) ?? { village, number: courtyard.group, courtyards: [] };
    group.courtyards.push(courtyard);
    groups.set(id, group);
  }
  const position = new Map(org.villages.map((v, i) => [v.id, i]));
  return [...groups]
    .map(([id, { village, number, courtyards }]) => ({
      id,
      townId: village.townId,
      villageId: village.id,
      number,
      name: village.kind === 'community' ? `第${number}网格` : `${number}组`,
      courtyardIds: courtyards.map((c) => c.id),
    }))
    .sort((a, b) => (position.get(a.villageId) ?? 0) - (position.get(b.villageId) ?? 0) || a.number - b.number);
}
