import type { District, TownKind } from '@bishan/domain';

/** 璧山区: the seat and area are the public figures quoted in DOMAIN.md. */
export const bishanDistrict: District = {
  id: 'bishan',
  name: '璧山区',
  seatTownId: 'bicheng',
  seat: { lat: 29.591, lon: 106.227 },
  areaKm2: 914,
};

interface TownRow {
  readonly id: string;
  readonly name: string;
  readonly kind: TownKind;
  readonly lat: number;
  readonly lon: number;
  /** How many of the town's 191 villages are 社区 and how many 村. */
  readonly communities: number;
  readonly villages: number;
}

/**
 * The 15 towns/streets (6 街道 + 9 镇, the public administrative division). Coordinates are
 * approximate, spread around the seat within the district's ~914 km², and serve only to centre a
 * map. Village counts are our default split of the 191: 街道 are urban and mostly 社区, 镇 rural
 * and mostly 村 with one or two seat communities (集镇社区).
 */
// prettier-ignore
export const townRows: readonly TownRow[] = [
  //  id           name        kind      lat     lon      社区  村
  { id: 'bicheng',   name: '璧城街道', kind: 'street', lat: 29.591, lon: 106.227, communities: 15, villages: 1 },
  { id: 'biquan',    name: '璧泉街道', kind: 'street', lat: 29.560, lon: 106.245, communities: 12, villages: 3 },
  { id: 'qinggang',  name: '青杠街道', kind: 'street', lat: 29.612, lon: 106.292, communities: 8,  villages: 6 },
  { id: 'laifeng',   name: '来凤街道', kind: 'street', lat: 29.503, lon: 106.168, communities: 8,  villages: 7 },
  { id: 'dingjia',   name: '丁家街道', kind: 'street', lat: 29.651, lon: 106.182, communities: 7,  villages: 7 },
  { id: 'dalu',      name: '大路街道', kind: 'street', lat: 29.535, lon: 106.300, communities: 7,  villages: 6 },
  { id: 'daxing',    name: '大兴镇',   kind: 'town',   lat: 29.742, lon: 106.158, communities: 2,  villages: 10 },
  { id: 'zhengxing', name: '正兴镇',   kind: 'town',   lat: 29.452, lon: 106.231, communities: 2,  villages: 11 },
  { id: 'batang',    name: '八塘镇',   kind: 'town',   lat: 29.776, lon: 106.262, communities: 2,  villages: 10 },
  { id: 'qitang',    name: '七塘镇',   kind: 'town',   lat: 29.706, lon: 106.318, communities: 2,  villages: 9 },
  { id: 'hebian',    name: '河边镇',   kind: 'town',   lat: 29.430, lon: 106.148, communities: 2,  villages: 9 },
  { id: 'fulu',      name: '福禄镇',   kind: 'town',   lat: 29.492, lon: 106.322, communities: 2,  villages: 11 },
  { id: 'guangpu',   name: '广普镇',   kind: 'town',   lat: 29.568, lon: 106.078, communities: 2,  villages: 10 },
  { id: 'sanhe',     name: '三合镇',   kind: 'town',   lat: 29.690, lon: 106.082, communities: 1,  villages: 9 },
  { id: 'jianlong',  name: '健龙镇',   kind: 'town',   lat: 29.632, lon: 106.118, communities: 1,  villages: 9 },
];
