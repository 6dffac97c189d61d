import { apportion, seededPrng } from './prng';
import type { Courtyard, Village } from '@bishan/domain';

/** The report's figures: 1,428 courtyards covered by 3,200+ party-member cadres (3200余名党员干部包联1428个院坝). */
export const COURTYARD_COUNT = 1_428;
/** Our default: 2 cadres per courtyard, 460 courtyards with a third and 100 with only one → 3,216. */
export const CADRES_PER_COURTYARD = 2;
const COURTYARDS_WITH_THREE = 460;
const COURTYARDS_WITH_ONE = 100;
export const CADRE_COUNT = COURTYARD_COUNT * CADRES_PER_COURTYARD + COURTYARDS_WITH_THREE - COURTYARDS_WITH_ONE;

/**
 * Courtyards of the real villages, pinned so fixtures can rely on them: 登凤村's question list
 * mentions its group 7 (7组与三星村交界支路), so 登凤村 has at least 7 groups.
 */
const pinnedCourtyards: Readonly<Record<string, number>> = { dengfeng: 10, sanxing: 8, shilong: 9 };

/** Local features courtyards are named after, as in the report's 白果树下院坝会 and 花椒地里开院坝会. */
const villageFeatures = [
  '白果树', '黄葛树', '花椒地', '老祠堂', '竹林湾', '堰塘坎', '晒坝', '老院子', '柑橘园',
  '葡萄园', '桂花树', '水井湾', '石板路', '枇杷林', '大槐树', '老油坊', '磨房', '老学校',
] as const;
const communityFeatures = [
  '银杏广场', '老街', '文化广场', '小游园', '健身步道', '桂花园', '老供销社', '菜市场', '儿童乐园', '老厂区',
] as const;
/** About one courtyard in five is called after a feature rather than its group number. */
const FEATURE_NAME_SHARE = 0.2;

/**
 * 1,428 courtyards over the 191 villages, at least one each: 村 get more than 社区 (weights 6–10
 * against 4–8, drawn from a seeded generator), split exactly by largest remainder. Courtyards are
 * numbered by resident group (村民小组) in a 村 and by grid (网格) in a 社区.
 */
export function buildCourtyards(villages: readonly Village[]): Courtyard[] {
  const prng = seededPrng('bishan/courtyards');
  const pinnedTotal = Object.values(pinnedCourtyards).reduce((a, b) => a + b, 0);
  const free = villages.filter((v) => pinnedCourtyards[v.id] === undefined);
  const weights = free.map((v) => (v.kind === 'village' ? prng.int(6, 10) : prng.int(4, 8)));
  const split = apportion(COURTYARD_COUNT - pinnedTotal, weights);
  const counts = new Map(free.map((v, i) => [v.id, split[i] ?? 1]));
  for (const [villageId, count] of Object.entries(pinnedCourtyards)) counts.set(villageId, count);

  const cadreCounts = cadresPerCourtyard();
  let cadreSeq = 0;
  let courtyardSeq = 0;
  return villages.flatMap((village) => {
    const features = prng.shuffle(village.kind === 'village' ? villageFeatures : communityFeatures);
    return Array.from({ length: counts.get(village.id) ?? 1 }, (_, i): Courtyard => {
      const group = i + 1;
      const feature = prng.next() < FEATURE_NAME_SHARE ? features.pop() : undefined;
      const numbered = village.kind === 'village' ? `${group}组` : `第${group}网格`;
      const cadres = cadreCounts[courtyardSeq++] ?? CADRES_PER_COURTYARD;
      return {
        id: `${village.id}-yard-${String(group).padStart(2, '0')}`,
        name: `${village.name}${feature ?? numbered}院坝`,
        villageId: village.id,
        townId: village.townId,
        group,
        cadreIds: Array.from({ length: cadres }, () => `cadre-${String(++cadreSeq).padStart(4, '0')}`),
      };
    });
  });
}

/** 1–3 cadres per courtyard, in courtyard order; which courtyards get 3 or 1 is a seeded shuffle. */
function cadresPerCourtyard(): number[] {
  const order = seededPrng('bishan/cadres').shuffle(Array.from({ length: COURTYARD_COUNT }, (_, i) => i));
  const counts = new Array<number>(COURTYARD_COUNT).fill(CADRES_PER_COURTYARD);
  order.slice(0, COURTYARDS_WITH_THREE).forEach((i) => (counts[i] = 3));
  order.slice(COURTYARDS_WITH_THREE, COURTYARDS_WITH_THREE + COURTYARDS_WITH_ONE).forEach((i) => (counts[i] = 1));
  return counts;
}
