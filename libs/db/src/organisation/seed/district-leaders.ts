import type { TopDistrictLeader } from '@bishan/domain';

/** 区委主要领导: they supervise concentrated/prominent issues (集中突出问题). */
export const topDistrictLeaderRows: readonly TopDistrictLeader[] = [
  { id: 'top-secretary', title: '区委书记' },
  { id: 'top-mayor', title: '区委副书记、区长' },
];

interface DistrictLeaderRow {
  readonly id: string;
  readonly title: string;
  /** 联系镇街; the first is the primary link. */
  readonly towns: readonly string[];
  /** 分管 (or, for 人大/政协 leaders, 联系) departments and units. */
  readonly portfolio: readonly string[];
}

/**
 * The 34 district leaders (区领导), highest-ranking first. Each town's primary linked leader — the
 * one the domain escalates a town's overdue case to — is the first row linking it, so rows 1–15
 * give every town one primary link and the rest add second links. Every department appears in
 * exactly one portfolio: that leader supervises (调度督办) its ordinary cases.
 */
// prettier-ignore
export const districtLeaderRows: readonly DistrictLeaderRow[] = [
  { id: 'dl-01', title: '区委副书记',                   towns: ['laifeng'],             portfolio: ['agriculture'] },
  { id: 'dl-02', title: '区委常委、常务副区长',         towns: ['bicheng'],             portfolio: ['finance', 'development-reform'] },
  { id: 'dl-03', title: '区委常委、区纪委书记、区监委主任', towns: ['qinggang'],        portfolio: ['discipline-inspection'] },
  { id: 'dl-04', title: '区委常委、组织部部长',         towns: ['dingjia'],             portfolio: ['organisation'] },
  { id: 'dl-05', title: '区委常委、宣传部部长',         towns: ['biquan'],              portfolio: ['publicity', 'culture-tourism'] },
  { id: 'dl-06', title: '区委常委、政法委书记',         towns: ['zhengxing'],           portfolio: ['political-legal', 'justice'] },
  { id: 'dl-07', title: '区委常委、统战部部长',         towns: ['dalu'],                portfolio: ['federation-industry-commerce'] },
  { id: 'dl-08', title: '区委常委、区委办公室主任',     towns: ['daxing'],              portfolio: ['petitions'] },
  // Power and telecom operators sit with economy and information (电力、通信保障).
  { id: 'dl-09', title: '区委常委、副区长',             towns: ['batang'],              portfolio: ['economy-information', 'power-supply', 'china-telecom', 'china-mobile', 'china-unicom'] },
  { id: 'dl-10', title: '区委常委、区人武部政委',       towns: ['qitang'],              portfolio: ['veterans-affairs'] },
  { id: 'dl-11', title: '副区长',                       towns: ['hebian'],              portfolio: ['housing', 'urban-management', 'planning-natural-resources'] },
  { id: 'dl-12', title: '副区长、区公安局局长',         towns: ['fulu'],                portfolio: ['public-security'] },
  { id: 'dl-13', title: '副区长',                       towns: ['guangpu'],             portfolio: ['water-resources', 'forestry', 'water-company'] },
  { id: 'dl-14', title: '副区长',                       towns: ['sanhe'],               portfolio: ['transport'] },
  { id: 'dl-15', title: '副区长',                       towns: ['jianlong'],            portfolio: ['education', 'health', 'medical-insurance'] },
  { id: 'dl-16', title: '副区长',                       towns: ['laifeng', 'bicheng'],  portfolio: ['civil-affairs', 'human-resources'] },
  { id: 'dl-17', title: '副区长',                       towns: ['zhengxing'],           portfolio: ['emergency-management', 'market-supervision', 'gas-company'] },
  { id: 'dl-18', title: '副区长',                       towns: ['biquan'],              portfolio: ['ecology-environment', 'science-technology'] },
  { id: 'dl-19', title: '副区长',                       towns: ['qinggang'],            portfolio: ['commerce'] },
  // 人大 and 政协 leaders are linked to mass organisations and public units, not government departments.
  { id: 'dl-20', title: '区人大常委会主任',             towns: ['dingjia', 'dalu'],     portfolio: ['trade-union'] },
  { id: 'dl-21', title: '区人大常委会副主任',           towns: ['daxing'],              portfolio: ['womens-federation'] },
  { id: 'dl-22', title: '区人大常委会副主任',           towns: ['batang'],              portfolio: ['disabled-persons-federation'] },
  { id: 'dl-23', title: '区人大常委会副主任',           towns: ['qitang'],              portfolio: ['next-generation'] },
  { id: 'dl-24', title: '区人大常委会副主任',           towns: ['hebian'],              portfolio: ['red-cross'] },
  { id: 'dl-25', title: '区人大常委会副主任',           towns: ['fulu'],                portfolio: ['supply-marketing'] },
  { id: 'dl-26', title: '区人大常委会副主任',           towns: ['guangpu'],             portfolio: ['meteorology'] },
  { id: 'dl-27', title: '区政协主席',                   towns: ['sanhe', 'jianlong'],   portfolio: ['literary-federation'] },
  { id: 'dl-28', title: '区政协副主席',                 towns: ['laifeng'],             portfolio: ['youth-league'] },
  { id: 'dl-29', title: '区政协副主席',                 towns: ['zhengxing'],           portfolio: ['science-association'] },
  { id: 'dl-30', title: '区政协副主席',                 towns: ['bicheng'],             portfolio: ['peoples-hospital'] },
  { id: 'dl-31', title: '区政协副主席',                 towns: ['biquan'],              portfolio: ['tcm-hospital'] },
  { id: 'dl-32', title: '区政协副主席',                 towns: ['qinggang'],            portfolio: ['fire-rescue'] },
  { id: 'dl-33', title: '区政协副主席',                 towns: ['dalu'],                portfolio: ['bus-company'] },
  { id: 'dl-34', title: '区政协副主席',                 towns: ['daxing'],              portfolio: ['postal'] },
];
