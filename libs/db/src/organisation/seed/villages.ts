import { seededPrng } from './prng';
import { bishanDistrict, townRows } from './towns';
import type { GeoPoint, Village, VillageKind } from '@bishan/domain';

/** Parses `'金jin 银yin'` into [character, pinyin] pairs: tables stay one readable line each. */
function syllables(table: string): ReadonlyArray<readonly [string, string]> {
  return table
    .trim()
    .split(/\s+/)
    .map((entry) => [entry.slice(0, 1), entry.slice(1)] as const);
}

/**
 * Characters common in Chongqing place names, with pinyin for the ids. A generated name is a
 * first + second character and a suffix (村 or 社区); its id is the pinyin (`jinshan`).
 */
const villageFirst = syllables(`
  金jin 银yin 龙long 凤feng 石shi 白bai 青qing 红hong 黄huang 双shuang 大da 新xin 高gao 马ma 花hua
  桂gui 松song 柏bo 梅mei 竹zhu 兴xing 福fu 永yong 长chang 太tai 平ping 安an 和he 宝bao 天tian
  云yun 东dong 南nan 西xi 北bei 莲lian 桃tao 杨yang 观guan 狮shi 虎hu 鹤he 燕yan 玉yu 万wan
  凉liang 响xiang 五wu 九jiu 千qian 古gu 铜tong 茅mao 柑gan 槐huai 梨li 杏xing 丰feng 胜sheng 团tuan`);
const villageSecond = syllables(`
  山shan 岩yan 坪ping 湾wan 桥qiao 塘tang 沟gou 坝ba 林lin 溪xi 河he 园yuan 峰feng 岭ling 台tai
  池chi 井jing 田tian 堰yan 寺si 星xing 龙long 凤feng 光guang 丰feng 合he 兴xing 福fu 泉quan
  坡po 店dian 滩tan 门men 垭ya 湖hu 嘴zui 坳ao 冲chong 庙miao`);
const communityFirst = syllables(`
  东dong 南nan 西xi 北bei 新xin 文wen 金jin 双shuang 桂gui 翠cui 锦jin 凤feng 龙long 绣xiu 碧bi
  泉quan 华hua 康kang 和he 永yong 兴xing 天tian 白bai 青qing 紫zi 红hong 阳yang 春chun 秀xiu
  御yu 观guan 茶cha 瑞rui 丰feng 广guang 宏hong 嘉jia 明ming 德de`);
const communitySecond = syllables(`
  林lin 门men 街jie 华hua 星xing 湖hu 苑yuan 城cheng 桥qiao 园yuan 河he 山shan 阳yang 湾wan
  康kang 安an 兴xing 庭ting 溪xi 坪ping 台tai 泉quan 峰feng 岭ling`);

interface RealVillage {
  readonly id: string;
  readonly name: string;
  readonly kind: VillageKind;
  readonly townId: string;
}

/** Villages named in the report; they come first in their town's list. */
export const realVillages: readonly RealVillage[] = [
  { id: 'dengfeng', name: '登凤村', kind: 'village', townId: 'laifeng' },
  { id: 'sanxing', name: '三星村', kind: 'village', townId: 'laifeng' },
  { id: 'shilong', name: '石龙村', kind: 'village', townId: 'zhengxing' },
];

const suffix: Readonly<Record<VillageKind, string>> = { village: '村', community: '社区' };

/** Spreads a town's villages on a small golden-angle spiral around its centre: maps only. */
function aroundTown(centre: GeoPoint, index: number): GeoPoint {
  const radius = 0.012 + 0.006 * Math.sqrt(index);
  const angle = index * 2.399963; // the golden angle, so neighbours never line up
  const round = (x: number) => Math.round(x * 10_000) / 10_000;
  return { lat: round(centre.lat + radius * Math.sin(angle)), lon: round(centre.lon + radius * Math.cos(angle)) };
}

/**
 * The 191 villages: the real ones, then generated names until every town has its counts from
 * `townRows`. Names and ids are unique in the district and no id equals a town's or the district's
 * (碧山 would be `bishan`), so ids
 * derived from them (`dengfeng-secretary`) cannot clash with a town's (`laifeng-secretary`).
 */
export function buildVillages(): Village[] {
  const prng = seededPrng('bishan/villages');
  const usedNames = new Set(realVillages.map((v) => v.name.replace(/(村|社区)$/u, '')));
  const usedIds = new Set([bishanDistrict.id, ...realVillages.map((v) => v.id), ...townRows.map((t) => t.id)]);

  const generate = (kind: VillageKind): { id: string; name: string } => {
    const [first, second] = kind === 'village' ? [villageFirst, villageSecond] : [communityFirst, communitySecond];
    for (;;) {
      const [c1, p1] = prng.pick(first);
      const [c2, p2] = prng.pick(second);
      const stem = c1 + c2;
      const id = p1 + p2;
      if (c1 === c2 || p1 === p2 || usedNames.has(stem) || usedIds.has(id)) continue;
      usedNames.add(stem);
      usedIds.add(id);
      return { id, name: stem + suffix[kind] };
    }
  };

  return townRows.flatMap((town) => {
    const real = realVillages.filter((v) => v.townId === town.id);
    const need = (kind: VillageKind) =>
      (kind === 'village' ? town.villages : town.communities) - real.filter((v) => v.kind === kind).length;
    // The real villages first, then 社区 (the seat communities), then 村.
    const generated = (['community', 'village'] as const).flatMap((kind) =>
      Array.from({ length: need(kind) }, () => ({ ...generate(kind), kind })),
    );
    const centre = { lat: town.lat, lon: town.lon };
    return [...real, ...generated].map(
      (v, index): Village => ({
        id: v.id,
        name: v.name,
        kind: v.kind,
        townId: town.id,
        secretaryId: `${v.id}-secretary`,
        location: aroundTown(centre, index + 1),
      }),
    );
  });
}
