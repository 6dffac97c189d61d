import { seededPrng } from './prng';

/**
 * Fictional names for the seeded people. The report names real officials; we do not reuse them.
 * A name is drawn from a generator seeded by the person's id, so it never changes when other
 * people are added or removed. Surnames lean to those common in Chongqing; repeats are realistic.
 */
const surnames = [...`
  王李张刘陈杨黄赵周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏
  薛叶余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易
  常武乔贺赖龚文向冉游税`.replace(/\s/gu, '')];

/** Whole given names, not random characters, so that names read as names (建华, 秀英, 子涵). */
const givenNames = `
  建华 建国 建军 国强 志强 志勇 德明 文华 光荣 明亮 永红 红梅 秀英 桂兰 玉兰 淑珍 丽华 海燕
  晓燕 小红 春梅 秀珍 桂芳 玉梅 德华 永强 世明 正华 家福 长青 银华 兴国 绍清 明芳 清华 开元
  俊杰 浩然 子涵 雨涵 梓轩 欣怡 思雨 家豪 宇航 雅婷 晓东 海涛 红英 小琴 成刚 渝生 蓉蓉 碧华
  伟 强 磊 军 勇 杰 敏 静 丽 艳 芳 娟 霞 平 刚 涛 斌 波 辉 鹏 超 琴 兰 婷 雪 燕 洪 川 琼 英`
  .trim()
  .split(/\s+/u);

export function personName(id: string): string {
  const prng = seededPrng(`bishan/person/${id}`);
  return prng.pick(surnames) + prng.pick(givenNames);
}
