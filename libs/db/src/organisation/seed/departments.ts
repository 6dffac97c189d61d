import type { DepartmentKind } from '@bishan/domain';

interface DepartmentRow {
  readonly id: string;
  readonly name: string;
  readonly kind: DepartmentKind;
  /**
   * 职责清单, primary duties first: `departmentsCovering` ranks a department higher when the
   * category comes earlier in its list, so the order decides who is the best match.
   */
  readonly duties: readonly string[];
}

/**
 * District departments and units that claim cases (our default, after DOMAIN.md). The report's
 * categories are all here: 村民自治 (self-governance), 邻里纠纷 (neighbour disputes), 村容村貌 and
 * 线路整治 (village appearance, tangled power and network lines), 乡村产业 (rural industry),
 * 乡风文明 (civility), 农村水价 (rural water prices), 房屋改造 (housing renovation) and 道路保洁
 * (sanitation coverage of roads). A category may sit on several lists; the claim pool shows the
 * case to all of them.
 *
 * Beyond the departments DOMAIN.md names, party organs, mass organisations and public units are
 * listed because district leaders from the people's congress (人大) and the CPPCC (政协) are
 * linked to such units rather than to government departments, and every one of the 34 district
 * leaders is in charge of a portfolio.
 */
// prettier-ignore
export const departmentRows: readonly DepartmentRow[] = [
  // Government departments (区政府工作部门)
  { id: 'urban-management',           name: '区城市管理局',         kind: 'government', duties: ['环境卫生', '道路保洁', '道路市容', '垃圾收运', '违法建设'] },
  { id: 'housing',                    name: '区住房城乡建委',       kind: 'government', duties: ['房屋改造', '危房改造', '物业管理', '道路市容'] },
  { id: 'transport',                  name: '区交通局',             kind: 'government', duties: ['农村公路', '公交出行'] },
  { id: 'water-resources',            name: '区水利局',             kind: 'government', duties: ['农村供水', '农村水价', '水利设施', '河道管理'] },
  { id: 'agriculture',                name: '区农业农村委',         kind: 'government', duties: ['乡村产业', '村容村貌', '农村人居环境', '土地承包', '乡风文明'] },
  { id: 'civil-affairs',              name: '区民政局',             kind: 'government', duties: ['低保', '养老', '村民自治', '社会救助', '乡风文明'] },
  { id: 'justice',                    name: '区司法局',             kind: 'government', duties: ['矛盾调解', '邻里纠纷', '法律援助'] },
  { id: 'public-security',            name: '区公安局',             kind: 'government', duties: ['治安', '邻里纠纷', '交通秩序'] },
  { id: 'ecology-environment',        name: '区生态环境局',         kind: 'government', duties: ['环境污染', '噪声扰民'] },
  { id: 'health',                     name: '区卫生健康委',         kind: 'government', duties: ['卫生室', '家庭医生'] },
  { id: 'education',                  name: '区教委',               kind: 'government', duties: ['学校', '入学'] },
  { id: 'human-resources',            name: '区人力社保局',         kind: 'government', duties: ['就业', '养老保险', '欠薪'] },
  { id: 'market-supervision',         name: '区市场监管局',         kind: 'government', duties: ['食品安全', '价格', '农村水价'] },
  { id: 'emergency-management',       name: '区应急管理局',         kind: 'government', duties: ['安全隐患', '防灾减灾'] },
  { id: 'planning-natural-resources', name: '区规划自然资源局',     kind: 'government', duties: ['宅基地', '用地规划'] },
  { id: 'forestry',                   name: '区林业局',             kind: 'government', duties: ['林地林木', '森林防火'] },
  { id: 'culture-tourism',            name: '区文化旅游委',         kind: 'government', duties: ['文化活动', '乡村旅游'] },
  { id: 'veterans-affairs',           name: '区退役军人事务局',     kind: 'government', duties: ['退役军人服务'] },
  { id: 'medical-insurance',          name: '区医保局',             kind: 'government', duties: ['医疗保险'] },
  // Water prices are set (定价) by development and reform, supervised (价格监督) by market supervision.
  { id: 'development-reform',         name: '区发展改革委',         kind: 'government', duties: ['重点项目', '农村水价'] },
  { id: 'economy-information',        name: '区经济信息委',         kind: 'government', duties: ['工业企业', '电力保障'] },
  { id: 'commerce',                   name: '区商务委',             kind: 'government', duties: ['农村电商', '乡村产业'] },
  { id: 'finance',                    name: '区财政局',             kind: 'government', duties: ['惠农补贴'] },
  { id: 'science-technology',         name: '区科技局',             kind: 'government', duties: ['农业科技'] },
  { id: 'petitions',                  name: '区信访办',             kind: 'government', duties: ['信访事项'] },
  // Party organs (区委部门)
  { id: 'discipline-inspection',      name: '区纪委监委',           kind: 'party',      duties: ['干部作风', '村务公开'] },
  { id: 'organisation',               name: '区委组织部',           kind: 'party',      duties: ['基层组织建设', '党员服务'] },
  { id: 'publicity',                  name: '区委宣传部（区文明办）', kind: 'party',    duties: ['乡风文明', '文化活动'] },
  { id: 'political-legal',            name: '区委政法委',           kind: 'party',      duties: ['平安建设', '网格治理'] },
  // Mass organisations (群团组织)
  { id: 'trade-union',                name: '区总工会',             kind: 'mass-organisation', duties: ['职工权益'] },
  { id: 'youth-league',               name: '团区委',               kind: 'mass-organisation', duties: ['青少年服务'] },
  { id: 'womens-federation',          name: '区妇联',               kind: 'mass-organisation', duties: ['妇女儿童权益', '家庭纠纷'] },
  { id: 'disabled-persons-federation', name: '区残联',              kind: 'mass-organisation', duties: ['残疾人帮扶'] },
  { id: 'science-association',        name: '区科协',               kind: 'mass-organisation', duties: ['科普'] },
  { id: 'federation-industry-commerce', name: '区工商联',           kind: 'mass-organisation', duties: ['民营企业诉求'] },
  { id: 'red-cross',                  name: '区红十字会',           kind: 'mass-organisation', duties: ['应急救助'] },
  { id: 'literary-federation',        name: '区文联',               kind: 'mass-organisation', duties: ['文化活动'] },
  { id: 'next-generation',            name: '区关工委',             kind: 'mass-organisation', duties: ['留守儿童'] },
  // Public units (事业单位等)
  { id: 'supply-marketing',           name: '区供销合作社',         kind: 'public-unit', duties: ['农资供应', '乡村产业'] },
  { id: 'fire-rescue',                name: '区消防救援支队',       kind: 'public-unit', duties: ['消防安全', '安全隐患'] },
  { id: 'meteorology',                name: '区气象局',             kind: 'public-unit', duties: ['气象服务'] },
  { id: 'peoples-hospital',           name: '区人民医院',           kind: 'public-unit', duties: ['就医服务', '义诊'] },
  { id: 'tcm-hospital',               name: '区中医院',             kind: 'public-unit', duties: ['就医服务', '义诊'] },
  // Public enterprises (国有企业). The power company leads the clean-up of tangled lines (线路整治,
  // first on its list, since the hazard is electrical); the telecom operators co-handle it.
  { id: 'power-supply',               name: '国网重庆璧山供电公司', kind: 'enterprise', duties: ['线路整治', '电力线路', '供电服务'] },
  { id: 'china-telecom',              name: '中国电信璧山分公司',   kind: 'enterprise', duties: ['通信线路', '线路整治', '网络信号'] },
  { id: 'china-mobile',               name: '中国移动璧山分公司',   kind: 'enterprise', duties: ['通信线路', '线路整治', '网络信号'] },
  { id: 'china-unicom',               name: '中国联通璧山分公司',   kind: 'enterprise', duties: ['通信线路', '线路整治', '网络信号'] },
  { id: 'water-company',              name: '璧山区自来水公司',     kind: 'enterprise', duties: ['供水管道', '农村供水', '农村水价'] },
  { id: 'gas-company',                name: '璧山区燃气公司',       kind: 'enterprise', duties: ['燃气管道', '安全隐患'] },
  { id: 'bus-company',                name: '璧山区公交公司',       kind: 'enterprise', duties: ['公交出行'] },
  { id: 'postal',                     name: '中国邮政璧山分公司',   kind: 'enterprise', duties: ['农村寄递'] },
];

/** Every department's leadership and handlers: two each (a head and a deputy; two case officers). */
export const LEADERS_PER_DEPARTMENT = 2;
export const HANDLERS_PER_DEPARTMENT = 2;

/** Every category on some duty list, in order of first appearance (the category picker's list). */
export const caseCategories: readonly string[] = [...new Set(departmentRows.flatMap((d) => d.duties))];
